import Datasets
import Glibc
import Haiku
import Testing
import Training

/// The character LSTM that `hkc train shakespeare` trains, on a tiny
/// repeating text (no download): the loss falls far below a uniform
/// guess's log(vocabulary), and greedy sampling continues the pattern.
@Suite struct CharacterModelTests {
    static let sentence = "the quick brown fox jumps over the lazy dog. "

    func trainer(hiddenSize: Int, classCount: Int, length: Int) throws -> ClassifierTrainer {
        var setup = TrainingConfiguration()
        setup.model = .characterLSTM(hiddenSize: hiddenSize)
        setup.learningRate = 1e-2
        setup.l2 = 0
        return try ClassifierTrainer(configuration: setup, exampleShape: [length], classCount: classCount)
    }

    @Test func learnsARepeatingText() throws {
        let text = try CharacterText(String(repeating: Self.sentence, count: 40))
        let (train, validation) = try text.windows(length: 16)
        let vocabulary = text.vocabulary.count
        let trainer = try trainer(hiddenSize: 64, classCount: vocabulary, length: 16)
        let (inputs, targets) = validation.batch(0..<validation.count)
        let before = try trainer.loss(images: inputs, labels: targets)
        #expect(abs(before - log(Double(vocabulary))) < 0.3, "an untrained model guesses about uniformly: \(before)")
        for (x, y) in try Batches(train, batchSize: 8, seed: 1, dropLast: true, epochs: 8) {
            _ = try trainer.train(images: x, labels: y)
        }
        let after = try trainer.loss(images: inputs, labels: targets)
        #expect(trainer.step == 8 * (train.count / 8))
        #expect(after < 0.25 * log(Double(vocabulary)), "validation loss \(before) -> \(after) nats")
        #expect(try trainer.accuracy(images: inputs, labels: targets) > 0.8)

        let sampler = try CharacterSampler(trainer: trainer, window: 16)
        let prompt = try text.vocabulary.encode(String(Self.sentence.prefix(16)))
        let continued = try text.vocabulary.decode(sampler.continuation(of: prompt, count: 20))
        let expected = String((Self.sentence + Self.sentence).dropFirst(16).prefix(20))
        let matching = zip(continued, expected).filter { $0 == $1 }.count
        #expect(matching >= 16, "greedy continuation \"\(continued)\", the text goes on \"\(expected)\"")
    }

    @Test func logitsHaveOnePredictionPerPosition() throws {
        let trainer = try trainer(hiddenSize: 8, classCount: 5, length: 6)
        #expect(trainer.params.keys.sorted() == ["linear", "lstm/linear"])
        let logits = try trainer.logits(Tensor([Int32](repeating: 1, count: 12), shape: [2, 6], dtype: .int32))
        #expect(logits.shape == [2, 6, 5])
        #expect(trainer.checkpoint.metadata["model"] == "character lstm 8")
    }

    @Test func samplingMistakesAreTypedErrors() throws {
        let trainer = try trainer(hiddenSize: 8, classCount: 5, length: 4)
        #expect(throws: TrainingError.invalidSampling("the window must be at least 1 character, not 0")) {
            try CharacterSampler(trainer: trainer, window: 0)
        }
        #expect(throws: TrainingError.invalidSampling("the temperature must be finite and not negative, not -1.0")) {
            try CharacterSampler(trainer: trainer, window: 4, temperature: -1)
        }
        let sampler = try CharacterSampler(trainer: trainer, window: 4, temperature: 1)
        #expect(throws: TrainingError.invalidSampling("the prompt must hold at least 4 characters, not 2")) {
            try sampler.continuation(of: [0, 1], count: 3)
        }
        let drawn = try sampler.continuation(of: [0, 1, 2, 3], count: 10, seed: 5)
        #expect(drawn.count == 10)
        #expect(drawn.allSatisfy { (0..<5).contains($0) })
        #expect(try sampler.continuation(of: [0, 1, 2, 3], count: 10, seed: 5) == drawn)
    }
}

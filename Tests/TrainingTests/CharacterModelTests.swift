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
        #expect(throws: TrainingError.invalidSampling("the prompt must hold at least 1 character")) {
            try sampler.continuation(of: [], count: 3)
        }
        #expect(throws: TrainingError.invalidSampling("the prompt's character 5 is outside the model's 5 classes")) {
            try sampler.continuation(of: [0, 5], count: 3)
        }
        #expect(throws: TrainingError.invalidSampling("the count must not be negative, not -1")) {
            try sampler.continuation(of: [0, 1], count: -1)
        }
        let drawn = try sampler.continuation(of: [0, 1, 2, 3], count: 10, seed: 5)
        #expect(drawn.count == 10)
        #expect(drawn.allSatisfy { (0..<5).contains($0) })
        #expect(try sampler.continuation(of: [0, 1, 2, 3], count: 10, seed: 5) == drawn)
        #expect(sampler.compiledPrograms == 1)
    }

    @Test func anImageModelCannotSample() throws {
        let trainer = try ClassifierTrainer(exampleShape: [4], classCount: 3)
        #expect(throws: TrainingError.invalidSampling("mlp [300, 100] is not a character model")) {
            try CharacterSampler(trainer: trainer)
        }
    }

    /// A prompt shorter than the window is read from the window's start
    /// (the padding after it cannot change a causal model's prediction):
    /// the first draw equals the greedy choice at the prompt's last position.
    @Test func aShortPromptIsReadFromTheWindowsStart() throws {
        let trainer = try trainer(hiddenSize: 8, classCount: 5, length: 6)
        let sampler = try CharacterSampler(trainer: trainer)
        #expect(sampler.window == 6)
        let logits = try trainer.logits(Tensor([Int32]([2, 4, 1]), shape: [1, 3], dtype: .int32)).scalars(as: Float.self)
        let last = Array(logits.suffix(5))
        let greedy = Int32(last.indices.max { last[$0] < last[$1] } ?? -1)
        #expect(try sampler.continuation(of: [2, 4, 1], count: 1) == [greedy])
        // Prompts longer than the window, and later draws, reuse the one program.
        _ = try sampler.continuation(of: [0, 1, 2, 3, 4, 0, 1, 2], count: 3, seed: 1)
        #expect(sampler.compiledPrograms == 1)
    }

    /// A trainer rebuilt from a checkpoint's metadata alone has the same
    /// model, example shape, parameters and step.
    @Test func aCheckpointRebuildsItsTrainer() throws {
        let trainer = try trainer(hiddenSize: 8, classCount: 5, length: 6)
        let checkpoint = trainer.checkpoint
        #expect(checkpoint.metadata["example shape"] == "6")
        let rebuilt = try ClassifierTrainer(checkpoint: checkpoint, classCount: 5)
        #expect(rebuilt.configuration.model == .characterLSTM(hiddenSize: 8))
        #expect(rebuilt.exampleShape == [6])
        #expect(try rebuilt.params.leaves.map { try $0.scalars(as: Float.self) }
            == trainer.params.leaves.map { try $0.scalars(as: Float.self) })
        #expect(throws: TrainingError.mismatchedCheckpoint("its parameters differ from the model's")) {
            try ClassifierTrainer(checkpoint: checkpoint, classCount: 7)
        }
    }

    @Test(arguments: [
        ([:], "it does not record its model (no \"model\" metadata)"),
        (["model": "character gru 8"], "it records an unknown model, \"character gru 8\""),
        (["model": "character lstm 08"], "it records an unknown model, \"character lstm 08\""),
        (["model": "cnn", "example shape": "28 x 1"], "its example shape \"28 x 1\" is not 1 to 4 sizes of 1 to 4096"),
        (["model": "cnn", "example shape": "99999999"], "its example shape \"99999999\" is not 1 to 4 sizes of 1 to 4096"),
        (["model": "character transformer 1 layers 8 wide 2 heads"],
         "it does not record its example shape (no \"example shape\" metadata)"),
    ])
    func unusableMetadataIsATypedError(metadata: [String: String], reason: String) throws {
        var checkpoint = try trainer(hiddenSize: 8, classCount: 5, length: 6).checkpoint
        checkpoint.metadata = metadata
        #expect(throws: TrainingError.mismatchedCheckpoint(reason)) { try ClassifierTrainer(checkpoint: checkpoint, classCount: 5) }
    }

    /// Checkpoints of `hkc train shakespeare` written before the example
    /// shape was recorded still load: an LSTM's parameters do not depend on it.
    @Test func anOlderLSTMCheckpointReadsWindowsOf64() throws {
        var checkpoint = try trainer(hiddenSize: 8, classCount: 5, length: 6).checkpoint
        checkpoint.metadata["example shape"] = nil
        #expect(try ClassifierTrainer(checkpoint: checkpoint, classCount: 5).exampleShape == [64])
    }

    @Test(arguments: [ClassifierModel.mlp(hiddenSizes: [300, 100]), .mlp(hiddenSizes: []), .cnn, .characterLSTM(hiddenSize: 256),
                      .characterTransformer(layers: 4, modelSize: 256, heads: 4)])
    func recordedModelsReadBack(model: ClassifierModel) {
        #expect(ClassifierModel(recorded: model.description) == model)
    }
}

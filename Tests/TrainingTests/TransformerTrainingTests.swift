import Datasets
import Glibc
import Haiku
import Testing
import Training

/// The character Transformer that `hkc train shakespeare` trains, on a
/// short passage of Hamlet (no download): its loss falls well below the
/// passage's unigram entropy (what the best model blind to context
/// reaches), and sampling with a fixed seed is deterministic and compiled
/// once.
@Suite struct TransformerTrainingTests {
    static let passage = """
        To be, or not to be, that is the question:
        Whether 'tis nobler in the mind to suffer
        The slings and arrows of outrageous fortune,
        Or to take arms against a sea of troubles
        And by opposing end them. To die: to sleep;
        No more; and by a sleep to say we end
        The heart-ache and the thousand natural shocks
        That flesh is heir to, 'tis a consummation
        Devoutly to be wish'd.

        """

    /// The entropy (nats) of the characters' frequencies in `characters`.
    static func unigramEntropy(_ characters: [Int32]) -> Double {
        let counts = Dictionary(characters.map { ($0, 1) }, uniquingKeysWith: +).values
        let total = Double(characters.count)
        return -counts.map { Double($0) / total * log(Double($0) / total) }.reduce(0, +)
    }

    @Test func lossFallsWellBelowTheUnigramEntropy() throws {
        let text = try CharacterText(String(repeating: Self.passage, count: 4))
        let (train, _) = try text.windows(length: 32)
        let classes = text.vocabulary.count
        var setup = TrainingConfiguration()
        setup.model = .characterTransformer(layers: 2, modelSize: 32, heads: 2)
        setup.learningRate = 3e-3
        setup.decaySteps = 150
        setup.l2 = 0
        let trainer = try ClassifierTrainer(configuration: setup, exampleShape: [32], classCount: classes)
        // The passage is too short to hold text back (a held-out window sits at
        // another offset of the repeats, which a model this small does not
        // generalize to), so the loss is measured on the windows it trains on.
        let (inputs, targets) = train.batch(0..<train.count)
        let entropy = Self.unigramEntropy(text.characters)
        let before = try trainer.loss(images: inputs, labels: targets)
        #expect(before > entropy, "an untrained model knows less than the frequencies: \(before) vs \(entropy)")
        for (x, y) in try Batches(train, batchSize: 8, seed: 0, dropLast: true, epochs: 30) {
            _ = try trainer.train(images: x, labels: y)
        }
        let after = try trainer.loss(images: inputs, labels: targets)
        #expect(after < 0.6 * entropy, "training-window loss \(before) -> \(after) nats; unigram entropy \(entropy)")

        let sampler = try CharacterSampler(trainer: trainer, temperature: 0.8)
        let prompt = try text.vocabulary.encode("To be")
        let drawn = try sampler.continuation(of: prompt, count: 40, seed: 7)
        #expect(try sampler.continuation(of: prompt, count: 40, seed: 7) == drawn)
        #expect(try sampler.continuation(of: prompt, count: 40, seed: 8) != drawn)
        #expect(sampler.compiledPrograms == 1)
    }
}

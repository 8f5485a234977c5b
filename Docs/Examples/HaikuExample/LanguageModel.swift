// The language-model example of Docs/LanguageModel.md, compiled with the package.
import Datasets
import Haiku
import Training

/// A small character Transformer learns a short verse, then continues a
/// prompt: the same model and sampler as `hkc train shakespeare` and
/// `hkc sample`, on a text that needs no download.
func languageModelExample() throws {
    let verse = String(repeating: "Shall I compare thee to a summer's day? Thou art more lovely and more temperate. ", count: 8)
    let text = try CharacterText(verse)
    let (train, validation) = try text.windows(length: 32)
    var setup = TrainingConfiguration()
    setup.model = .characterTransformer(layers: 2, modelSize: 32, heads: 2)
    setup.learningRate = 3e-3
    setup.l2 = 0
    let trainer = try ClassifierTrainer(configuration: setup, exampleShape: [32], classCount: text.vocabulary.count)
    let held = validation.batch(0..<validation.count)
    for (inputs, targets) in try Batches(train, batchSize: 4, seed: 0, dropLast: true, epochs: 10) {
        _ = try trainer.train(images: inputs, labels: targets)
    }
    print("validation loss after \(trainer.step) steps:", try trainer.loss(images: held.inputs, labels: held.targets), "nats per character")
    // One compiled program draws every character; the same seed gives the same text.
    let sampler = try CharacterSampler(trainer: trainer, temperature: 0.5)
    let continuation = try sampler.continuation(of: text.vocabulary.encode("Shall I"), count: 60, seed: 1)
    print("Shall I" + (try text.vocabulary.decode(continuation)))
}

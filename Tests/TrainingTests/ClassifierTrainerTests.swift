import Checkpoints
import Datasets
import Haiku
import Testing
import Training

/// The training loop `hkc train` runs: it learns, and resuming from a
/// checkpoint continues exactly as an uninterrupted run.
@Suite struct ClassifierTrainerTests {
    func smallSetup() -> TrainingConfiguration {
        var setup = TrainingConfiguration()
        setup.model = .mlp(hiddenSizes: [64])
        setup.batchSize = 50
        return setup
    }

    /// 300 steps on 3,000 MNIST training examples (Scripts/test fetches
    /// MNIST), for a small MLP and the CNN: test accuracy far above chance (10%).
    @Test(arguments: [ClassifierModel.mlp(hiddenSizes: [64]), .cnn])
    func shortRunOnASubsetLearns(model: ClassifierModel) throws {
        var setup = smallSetup()
        setup.model = model
        let train = try MNIST.load(split: .train, layout: model.layout).prefix(3_000)
        let test = try MNIST.load(split: .test, layout: model.layout).prefix(1_000).tensors()
        let trainer = try ClassifierTrainer(configuration: setup, exampleShape: train.exampleShape, classCount: 10)
        let before = try trainer.accuracy(images: test.images, labels: test.labels)
        for (images, labels) in try Batches(train, batchSize: 50, seed: 1, dropLast: true, epochs: 5) {
            _ = try trainer.train(images: images, labels: labels)
        }
        let after = try trainer.accuracy(images: test.images, labels: test.labels)
        #expect(trainer.step == 300)
        #expect(before < 0.3)
        #expect(after > 0.8, "accuracy after 300 steps: \(after)")
    }

    /// Synthetic data: 20 steps straight equal 8 steps, a checkpoint written
    /// and read back into a new trainer, and 12 more steps, bit for bit.
    @Test func resumingGivesTheSameParameters() throws {
        var generator = SplitMix64(seed: 7)
        let images = (0..<(200 * 784)).map { _ in Float(generator.next() % 256) / 255 }
        let labels = (0..<200).map { _ in Int32(generator.next() % 10) }
        let data = try LabeledImages(images: images, labels: labels, exampleShape: [784], classCount: 10)
        let path = "/tmp/hk-resume-\(UInt32.random(in: 0...UInt32.max)).safetensors"

        let straight = try ClassifierTrainer(configuration: smallSetup(), exampleShape: [784], classCount: 10)
        for (x, y) in try Batches(data, batchSize: 50, seed: 3, epochs: 5) { _ = try straight.train(images: x, labels: y) }

        let first = try ClassifierTrainer(configuration: smallSetup(), exampleShape: [784], classCount: 10)
        for (x, y) in try Batches(data, batchSize: 50, seed: 3, epochs: 2) { _ = try first.train(images: x, labels: y) }
        try first.checkpoint.save(to: path)
        let resumed = try ClassifierTrainer(configuration: smallSetup(), exampleShape: [784], classCount: 10)
        try resumed.resume(from: Checkpoint.load(from: path))
        #expect(resumed.step == 8)
        for (x, y) in try Batches(data, batchSize: 50, seed: 3, epochs: 5, startingAt: resumed.step) {
            _ = try resumed.train(images: x, labels: y)
        }
        #expect(resumed.step == straight.step)
        for (module, values) in straight.params {
            for (name, value) in values {
                #expect(try value.scalars(as: Float.self).map(\.bitPattern)
                    == resumed.params[module]![name]!.scalars(as: Float.self).map(\.bitPattern), "\(module)/\(name)")
            }
        }
    }

    @Test func checkpointOfAnotherModelIsRejected() throws {
        let trainer = try ClassifierTrainer(configuration: smallSetup(), exampleShape: [784], classCount: 10)
        var other = smallSetup()
        other.model = .mlp(hiddenSizes: [32])
        let stranger = try ClassifierTrainer(configuration: other, exampleShape: [784], classCount: 10)
        #expect(throws: TrainingError.self) { try trainer.resume(from: stranger.checkpoint) }
    }

    @Test func checkpointWithANaNParameterIsRejected() throws {
        let trainer = try ClassifierTrainer(configuration: smallSetup(), exampleShape: [784], classCount: 10)
        var checkpoint = trainer.checkpoint
        let module = checkpoint.params.keys.sorted()[0]
        let name = checkpoint.params[module]!.keys.sorted()[0]
        let original = checkpoint.params[module]![name]!
        var values = try original.scalars(as: Float.self)
        values[values.count / 2] = .nan
        checkpoint.params[module]![name] = Tensor(values, shape: original.shape)
        #expect(throws: TrainingError.nonFiniteCheckpoint("\(module)/\(name)")) { try trainer.resume(from: checkpoint) }
        #expect(trainer.step == 0)
    }
}

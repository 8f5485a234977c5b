import Checkpoints
import Datasets
import Foundation
import Haiku
import Testing
import Training

/// The ResNet `hkc train fashion-mnist --model resnet18` trains: the CIFAR
/// stem on 28x28 images, batch norm's state carried through the steps.
@Suite struct StatefulClassifierTrainerTests {
    /// A ResNet of one block per group with few channels, fast enough for a debug build.
    static let small = SmallImageResNet(blocksPerGroup: [1, 1, 1, 1], channelsPerGroup: [8, 16, 32, 64])

    static let fashionPresent = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                                 "t10k-labels-idx1-ubyte"]
        .allSatisfy { FileManager.default.isReadableFile(atPath: FashionMNIST.defaultDirectory + "/" + $0 + ".gz") }

    /// ResNet18's layout: the names, shapes and sizes of
    /// `hk.nets.ResNet18(10, initial_conv_config={"kernel_shape": 3, "stride": 1})`
    /// initialized on `[1, 28, 28, 1]` in dm-haiku 0.0.17 (11,172,810
    /// parameters, 19,240 state values).
    @Test func resnet18HasTheCIFARStemAndHaikusNames() throws {
        let trainer = try StatefulClassifierTrainer(exampleShape: [28, 28, 1], classCount: 10)
        #expect(trainer.params["res_net18/~/initial_conv"]?["w"]?.shape == [3, 3, 1, 64])
        #expect(trainer.params["res_net18/~/logits"]?["w"]?.shape == [512, 10])
        #expect(trainer.params["res_net18/~/block_group_3/~/block_1/~/conv_1"]?["w"]?.shape == [3, 3, 512, 512])
        #expect(trainer.modelState["res_net18/~/initial_batchnorm/~/mean_ema"]?["average"]?.shape == [1, 1, 1, 64])
        let count = trainer.params.values.reduce(0) { $0 + $1.values.reduce(0) { $0 + $1.size } }
        #expect(count == 11_172_810)
        #expect(trainer.modelState.values.reduce(0) { $0 + $1.values.reduce(0) { $0 + $1.size } } == 19_240)
        #expect(trainer.model.description == "resnet18 (3x3 stride-1 stem)")
    }

    @Test func imagesThatAreNotHWCAreATypedError() {
        #expect(throws: TrainingError.self) { try StatefulClassifierTrainer(exampleShape: [784], classCount: 10) }
        #expect(throws: TrainingError.self) { try StatefulClassifierTrainer(exampleShape: [28, 0, 1], classCount: 10) }
    }

    /// 60 steps of 50 on 1,000 Fashion-MNIST training images: the test
    /// accuracy with the moving averages beats chance (10%) by far, the
    /// moving averages moved, and the checkpoint holds parameters, state
    /// and Adam's state.
    @Test(.enabled(if: fashionPresent, "Fashion-MNIST is not in the cache directory; run Scripts/fetch-data fashion-mnist"))
    func shortRunBeatsChance() throws {
        let train = try FashionMNIST.load(split: .train, layout: .nhwc).prefix(1_000)
        let test = try FashionMNIST.load(split: .test, layout: .nhwc).prefix(500).tensors()
        let trainer = try StatefulClassifierTrainer(model: Self.small, exampleShape: train.exampleShape, classCount: 10,
                                                    learningRate: 3e-3, seed: 1)
        let average = { try trainer.modelState["res_net/~/initial_batchnorm/~/mean_ema"]!["average"]!.scalars(as: Float.self) }
        let before = try average()
        var losses: [Float] = []
        for (images, labels) in try Batches(train, batchSize: 50, seed: 1, dropLast: true, epochs: 3) {
            losses.append(try trainer.train(images: images, labels: labels))
        }
        let accuracy = try trainer.accuracy(images: test.images, labels: test.labels)
        #expect(trainer.step == 60)
        print("short ResNet run: test accuracy \(accuracy), loss \(losses.first ?? .nan) -> \(losses.last ?? .nan)")
        #expect(accuracy > 0.5, "test accuracy \(accuracy), losses \(losses.first ?? .nan) -> \(losses.last ?? .nan)")
        #expect(try average() != before)
        let checkpoint = trainer.checkpoint
        #expect(checkpoint.step == 60 && checkpoint.params.count == trainer.params.count)
        #expect(checkpoint.state.count == trainer.modelState.count && !checkpoint.optimizerState.isEmpty)
    }

    /// Synthetic 8x8 images: 6 steps straight equal 3 steps, a checkpoint
    /// written and read back into a new trainer, and 3 more steps, bit for
    /// bit in the parameters and in batch norm's moving averages.
    @Test func resumingGivesTheSameParametersAndState() throws {
        var generator = SplitMix64(seed: 5)
        let images = (0..<(60 * 64)).map { _ in Float(generator.next() % 256) / 255 }
        let labels = (0..<60).map { _ in Int32(generator.next() % 10) }
        let data = try LabeledImages(images: images, labels: labels, exampleShape: [8, 8, 1], classCount: 10)
        let path = "/tmp/hk-resume-resnet-\(UInt32.random(in: 0...UInt32.max)).safetensors"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let trainer = { try StatefulClassifierTrainer(model: Self.small, exampleShape: [8, 8, 1], classCount: 10, decaySteps: 6) }

        let straight = try trainer()
        for (x, y) in try Batches(data, batchSize: 20, seed: 3, epochs: 2) { _ = try straight.train(images: x, labels: y) }
        let first = try trainer()
        for (x, y) in try Batches(data, batchSize: 20, seed: 3, epochs: 1) { _ = try first.train(images: x, labels: y) }
        try first.checkpoint.save(to: path)
        let resumed = try trainer()
        try resumed.resume(from: Checkpoint.load(from: path))
        #expect(resumed.step == 3)
        for (x, y) in try Batches(data, batchSize: 20, seed: 3, epochs: 2, startingAt: resumed.step) {
            _ = try resumed.train(images: x, labels: y)
        }
        #expect(resumed.step == straight.step)
        // The bits of a float32 or int32 (batch norm's step counters) tensor.
        let bits = { (tensor: Tensor?) throws -> [UInt32]? in
            guard let tensor else { return nil }
            return tensor.dtype == .int32 ? try tensor.scalars(as: Int32.self).map { UInt32(bitPattern: $0) }
                : try tensor.scalars(as: Float.self).map(\.bitPattern)
        }
        for (tree, other) in [(straight.params, resumed.params), (straight.modelState, resumed.modelState)] {
            #expect(tree.keys.sorted() == other.keys.sorted())
            for (module, values) in tree {
                for (name, value) in values {
                    #expect(try bits(value) == bits(other[module]?[name]), "\(module)/\(name)")
                }
            }
        }
    }

    @Test func checkpointOfAnotherNetworkOrWithANaNIsRejected() throws {
        let trainer = try StatefulClassifierTrainer(model: Self.small, exampleShape: [8, 8, 1], classCount: 10)
        let other = SmallImageResNet(blocksPerGroup: [1, 1, 1, 1], channelsPerGroup: [4, 8, 16, 32])
        let stranger = try StatefulClassifierTrainer(model: other, exampleShape: [8, 8, 1], classCount: 10)
        #expect(throws: TrainingError.self) { try trainer.resume(from: stranger.checkpoint) }
        var relabelled = stranger.checkpoint
        relabelled.metadata["model"] = Self.small.description
        #expect(throws: TrainingError.self) { try trainer.resume(from: relabelled) }
        var poisoned = trainer.checkpoint
        let module = "res_net/~/initial_batchnorm/~/mean_ema"
        let average = try #require(poisoned.state[module]?["average"])
        poisoned.state[module]?["average"] = Tensor([Float](repeating: .nan, count: average.size), shape: average.shape)
        #expect(throws: TrainingError.nonFiniteCheckpoint("\(module)/average")) { try trainer.resume(from: poisoned) }
    }
}

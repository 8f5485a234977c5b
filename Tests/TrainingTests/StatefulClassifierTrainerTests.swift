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
}

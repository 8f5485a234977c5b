import Datasets
import Haiku
import Testing
import Training

/// `StatefulClassifierTrainer(devices:)` (`hkc train fashion-mnist --model
/// resnet18 --devices N`): the batch split over 4 CPU devices, batch norm's
/// statistics averaged over them (`cross_replica_axis`), against one
/// device on the same batches.
@Suite struct StatefulDataParallelTrainerTests {
    /// A ResNet of one block per group with few channels, fast enough for a debug build.
    static let small = SmallImageResNet(blocksPerGroup: [1, 1, 1, 1], channelsPerGroup: [8, 16, 32, 64])

    /// Three Adam steps on 8x8 images, batches of 16 (4 per device). The
    /// devices' statistics and cross-entropies are sums in another order
    /// than one device's (a few ulp), which 9 batch norms and Adam's
    /// per-entry scaling carry into every parameter: rtol 1e-4 on the
    /// losses, the parameters and the moving averages; the step counters
    /// exactly. Small entries are compared absolutely: moving averages below
    /// 1e-3 at 1e-7, parameters below 3e-3 (Adam moves an entry by up to the
    /// learning rate, 1e-3, per step whatever its gradient's size, so a
    /// rounding difference in a near-zero gradient shows in the update: on
    /// Zen 4 AVX-512 a conv kernel entry of 6.7e-4 differed by 1.1e-7) at 3e-7.
    @Test func fourDevicesFollowOneDevice() throws {
        var generator = SplitMix64(seed: 7)
        let images = (0..<(48 * 64)).map { _ in Float(generator.next() % 256) / 255 }
        let labels = (0..<48).map { _ in Int32(generator.next() % 10) }
        let data = try LabeledImages(images: images, labels: labels, exampleShape: [8, 8, 1], classCount: 10)
        let one = try StatefulClassifierTrainer(model: Self.small, exampleShape: [8, 8, 1], classCount: 10)
        let four = try StatefulClassifierTrainer(model: Self.small, exampleShape: [8, 8, 1], classCount: 10, devices: 4)
        for (x, y) in try Batches(data, batchSize: 16, seed: 2, epochs: 1) {
            let (a, b) = (try one.train(images: x, labels: y), try four.train(images: x, labels: y))
            #expect(abs(a - b) <= 1e-4 * abs(a), "loss at step \(one.step): \(a) on 1 device, \(b) on 4")
        }
        #expect(four.step == 3)
        for (name, expected, actual, floor) in [("parameters", one.params, four.params, Float(3e-3)),
                                                ("state", one.modelState, four.modelState, Float(1e-3))] {
            #expect(expected.keys.sorted() == actual.keys.sorted(), "\(name)")
            var (largest, worst): (Float, String) = (0, "")
            for (module, values) in expected {
                for (key, value) in values {
                    let other = try #require(actual[module]?[key], "\(module)/\(key)")
                    if value.dtype == .int32 {
                        #expect(try value.scalars(as: Int32.self) == other.scalars(as: Int32.self), "\(module)/\(key)")
                        continue
                    }
                    for (p, q) in zip(try value.scalars(as: Float.self), try other.scalars(as: Float.self))
                    where abs(p - q) / max(abs(p), floor) > largest {
                        (largest, worst) = (abs(p - q) / max(abs(p), floor), "\(module)/\(key): \(p) on 1 device, \(q) on 4")
                    }
                }
            }
            #expect(largest <= 1e-4, "largest relative difference of the \(name): \(largest) (\(worst))")
        }
    }

    @Test func devicesOutOfRangeOrABatchTheyCannotShareAreTypedErrors() throws {
        #expect(throws: TrainingError.invalidConfiguration("0 devices: train on 1 to 1024")) {
            try StatefulClassifierTrainer(model: Self.small, exampleShape: [8, 8, 1], classCount: 10, devices: 0)
        }
        let four = try StatefulClassifierTrainer(model: Self.small, exampleShape: [8, 8, 1], classCount: 10, devices: 4)
        #expect(throws: TensorError.self) {
            try four.train(images: Tensor.zeros([6, 8, 8, 1]), labels: Tensor([Int32](repeating: 0, count: 6)))
        }
        #expect(four.step == 0)
    }
}

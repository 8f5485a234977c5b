import Datasets
import Haiku
import Testing
import Training

/// `TrainingConfiguration.devices` (`hkc train --devices N`): the batch
/// split over 4 CPU devices, parameters replicated, the gradient of the
/// mean of the devices' losses, against one device on the same batches.
@Suite struct DataParallelTrainerTests {
    /// Six Adam steps of the MLP and the CNN on synthetic images, batches
    /// of 48 (12 per device). The devices' cross-entropies are summed in
    /// another order than one device's (a few ulp), and Adam divides each
    /// gradient entry by its running magnitude, which keeps such relative
    /// differences rather than shrinking them with the gradient: rtol 1e-4
    /// on losses and parameters after 6 steps (parameters below 1e-3 in
    /// magnitude compared absolutely, at 1e-7).
    @Test(arguments: [ClassifierModel.mlp(hiddenSizes: [32]), .cnn])
    func fourDevicesFollowOneDevice(model: ClassifierModel) throws {
        var generator = SplitMix64(seed: 11)
        let shape = model.layout == .flat ? [784] : [28, 28, 1]
        let images = (0..<(96 * 784)).map { _ in Float(generator.next() % 256) / 255 }
        let labels = (0..<96).map { _ in Int32(generator.next() % 10) }
        let data = try LabeledImages(images: images, labels: labels, exampleShape: shape, classCount: 10)
        var setup = TrainingConfiguration()
        setup.model = model
        setup.batchSize = 48
        let one = try ClassifierTrainer(configuration: setup, exampleShape: shape, classCount: 10)
        setup.devices = 4
        let four = try ClassifierTrainer(configuration: setup, exampleShape: shape, classCount: 10)
        for (x, y) in try Batches(data, batchSize: 48, seed: 5, epochs: 3) {
            let (a, b) = (try one.train(images: x, labels: y), try four.train(images: x, labels: y))
            #expect(abs(a - b) <= 1e-4 * abs(a), "loss at step \(one.step): \(a) on 1 device, \(b) on 4")
        }
        #expect(four.step == 6)
        var largest: Float = 0
        for (module, values) in one.params {
            for (name, value) in values {
                let (x, y) = (try value.scalars(as: Float.self), try four.params[module]?[name]?.scalars(as: Float.self) ?? [])
                #expect(x.count == y.count, "\(module)/\(name)")
                for (p, q) in zip(x, y) { largest = max(largest, abs(p - q) / max(abs(p), 1e-3)) }
            }
        }
        #expect(largest <= 1e-4, "largest relative parameter difference \(largest)")
    }

    @Test func devicesThatDoNotDivideTheBatchAreATypedError() throws {
        var setup = TrainingConfiguration()
        setup.model = .mlp(hiddenSizes: [8])
        setup.batchSize = 50
        setup.devices = 4
        #expect(throws: TrainingError.invalidConfiguration("4 devices cannot share batches of 50 evenly")) {
            try ClassifierTrainer(configuration: setup, exampleShape: [784], classCount: 10)
        }
        setup.devices = 0
        #expect(throws: TrainingError.self) { try ClassifierTrainer(configuration: setup, exampleShape: [784], classCount: 10) }
    }
}

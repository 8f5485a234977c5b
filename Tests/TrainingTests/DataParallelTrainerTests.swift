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
        try Self.expectSameTraining(try Self.trainer(model, devices: 1), try Self.trainer(model, devices: 4),
                                    on: Self.images(for: model), relative: 1e-4, "on 1 device", "on 4")
    }

    /// Trains `reference` and `other` on the same 6 batches (3 epochs of
    /// `data`) and checks that their losses and final parameters agree to
    /// `relative`.
    static func expectSameTraining(_ reference: ClassifierTrainer, _ other: ClassifierTrainer, on data: LabeledImages,
                                   relative: Float, _ referenceName: String, _ otherName: String,
                                   sourceLocation: SourceLocation = #_sourceLocation) throws {
        for (x, y) in try Batches(data, batchSize: 48, seed: 5, epochs: 3) {
            let (a, b) = (try reference.train(images: x, labels: y), try other.train(images: x, labels: y))
            #expect(abs(a - b) <= relative * abs(a),
                    "loss at step \(reference.step): \(a) \(referenceName), \(b) \(otherName)", sourceLocation: sourceLocation)
        }
        #expect(other.step == 6, sourceLocation: sourceLocation)
        let largest = try largestRelativeDifference(reference.params, other.params)
        #expect(largest <= relative, "largest relative parameter difference \(largest)", sourceLocation: sourceLocation)
    }

    /// The 4-device state lives on the devices between steps: read in the
    /// middle of a run (copied to the host), saved and resumed by another
    /// 4-device trainer (copied back), it continues as one device's run
    /// does. Tolerances as above.
    @Test func aFourDeviceRunReadAndResumedMidwayFollowsOneDevice() throws {
        let model = ClassifierModel.mlp(hiddenSizes: [32])
        let data = try Self.images(for: model)
        let one = try Self.trainer(model, devices: 1), four = try Self.trainer(model, devices: 4)
        var resumed: ClassifierTrainer?
        for (x, y) in try Batches(data, batchSize: 48, seed: 5, epochs: 3) {
            let trainer = resumed ?? four
            let (a, b) = (try one.train(images: x, labels: y), try trainer.train(images: x, labels: y))
            #expect(abs(a - b) <= 1e-4 * abs(a), "loss at step \(one.step): \(a) on 1 device, \(b) on 4")
            let largest = try Self.largestRelativeDifference(one.params, trainer.params)
            #expect(largest <= 1e-4, "step \(one.step): largest relative parameter difference \(largest)")
            if one.step == 3 {
                resumed = try Self.trainer(model, devices: 4)
                try resumed?.resume(from: four.checkpoint)
            }
        }
        #expect(resumed?.step == 6)
    }

    /// 96 synthetic images (pixels in [0, 1]) of `model`'s layout, 10 classes.
    static func images(for model: ClassifierModel) throws -> LabeledImages {
        var generator = SplitMix64(seed: 11)
        let images = (0..<(96 * 784)).map { _ in Float(generator.next() % 256) / 255 }
        let labels = (0..<96).map { _ in Int32(generator.next() % 10) }
        return try LabeledImages(images: images, labels: labels, exampleShape: model.layout == .flat ? [784] : [28, 28, 1],
                                 classCount: 10)
    }

    /// A trainer of `model` on batches of 48 over `devices` devices.
    static func trainer(_ model: ClassifierModel, devices: Int) throws -> ClassifierTrainer {
        var setup = TrainingConfiguration()
        setup.model = model
        setup.batchSize = 48
        setup.devices = devices
        return try ClassifierTrainer(configuration: setup, exampleShape: model.layout == .flat ? [784] : [28, 28, 1], classCount: 10)
    }

    /// The largest `|p - q| / max(|p|, 1e-3)` over the parameters (0 when
    /// one lacks a parameter of the other, which is then an issue).
    static func largestRelativeDifference(_ expected: Params, _ actual: Params) throws -> Float {
        var largest: Float = 0
        for (module, values) in expected {
            for (name, value) in values {
                let (x, y) = (try value.scalars(as: Float.self), try actual[module]?[name]?.scalars(as: Float.self) ?? [])
                #expect(x.count == y.count, "\(module)/\(name)")
                for (p, q) in zip(x, y) { largest = max(largest, abs(p - q) / max(abs(p), 1e-3)) }
            }
        }
        return largest
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

import Datasets
import Haiku
import Testing
import Training

/// `ClassifierTrainer` with a character model over several devices (`hkc
/// train shakespeare --devices N`): windows split over 2 CPU devices, the
/// cross-entropy over every position averaged over them, against one device
/// on the same batches.
@Suite struct TextDataParallelTrainerTests {
    /// Four Adam steps on windows of 16 characters of a passage (twice), batches of
    /// 8 (4 per device). As for the image classifiers, the devices'
    /// cross-entropies are sums in another order (a few ulp) that Adam's
    /// per-entry scaling keeps: rtol 1e-4 on the losses and the parameters
    /// (entries below 1e-3 compared absolutely, at 1e-7). Left out: the
    /// attention's key bias, whose exact gradient is zero (a softmax does not
    /// change when one constant is added to a query's every logit), so its
    /// computed gradient is rounding noise, which Adam's normalization turns
    /// into steps of up to the learning rate of either sign, on any number
    /// of devices.
    @Test(arguments: [ClassifierModel.characterTransformer(layers: 1, modelSize: 16, heads: 2), .characterLSTM(hiddenSize: 16)])
    func twoDevicesFollowOneDevice(model: ClassifierModel) throws {
        let text = try CharacterText(String(repeating: TransformerTrainingTests.passage, count: 2))
        let (windows, _) = try text.windows(length: 16)
        let trainers = try [1, 2].map { devices in
            var setup = TrainingConfiguration()
            (setup.model, setup.batchSize, setup.devices, setup.l2) = (model, 8, devices, 0)
            return try ClassifierTrainer(configuration: setup, exampleShape: [16], classCount: text.vocabulary.count)
        }
        for (inputs, targets) in try Batches(windows.prefix(32), batchSize: 8, seed: 6, epochs: 1) {
            let (a, b) = (try trainers[0].train(images: inputs, labels: targets), try trainers[1].train(images: inputs, labels: targets))
            #expect(abs(a - b) <= 1e-4 * abs(a), "loss at step \(trainers[0].step): \(a) on 1 device, \(b) on 2")
        }
        #expect(trainers[1].step == 4)
        let compared = { (params: Params) -> Params in
            var kept = params
            for (module, values) in params where module.hasSuffix("multi_head_attention/key") { kept[module] = values.filter { $0.key != "b" } }
            return kept
        }
        let largest = try DataParallelTrainerTests.largestRelativeDifference(compared(trainers[0].params), compared(trainers[1].params))
        #expect(largest <= 1e-4, "largest relative parameter difference \(largest)")
    }
}

import Datasets
import Haiku
import Testing
import Training

/// `VQVAETrainer(devices:)` (`hkc train mnist --model vqvae --devices N`):
/// the batch split over 4 CPU devices, the losses averaged over them and
/// the quantizer's cluster statistics and perplexity taken over the whole
/// batch (`VectorQuantizerEMA`'s `crossReplicaAxis`), against one device on
/// the same batches.
@Suite struct VQVAEDataParallelTrainerTests {
    /// A VQ-VAE with few channels and codes, fast enough for a debug build.
    static let small: VQVAEModel = {
        var model = VQVAEModel()
        (model.hiddenChannels, model.residualChannels, model.residualLayers) = (8, 4, 1)
        (model.embeddingDim, model.numEmbeddings) = (4, 8)
        return model
    }()

    /// Three Adam steps on 8x8 images, batches of 16 (4 per device). The
    /// devices' losses and the codebook's statistics are sums in another
    /// order than one device's (a few ulp), which Adam's per-entry scaling
    /// and the moving averages carry along: rtol 1e-4 on the three figures,
    /// the parameters and the codebook state (entries below 1e-3 in
    /// magnitude compared absolutely, at 1e-7); the counters exactly.
    @Test func fourDevicesFollowOneDevice() throws {
        var generator = SplitMix64(seed: 3)
        let pixels = (0..<(48 * 64)).map { _ in Float(generator.next() % 256) / 255 }
        let data = try LabeledImages(images: pixels, labels: [Int32](repeating: 0, count: 48), exampleShape: [8, 8, 1],
                                     classCount: 1)
        let one = try VQVAETrainer(model: Self.small, exampleShape: [8, 8, 1], learningRate: 3e-3)
        let four = try VQVAETrainer(model: Self.small, exampleShape: [8, 8, 1], learningRate: 3e-3, devices: 4)
        for (images, _) in try Batches(data, batchSize: 16, seed: 4, epochs: 1) {
            let (a, b) = (try one.train(images: images), try four.train(images: images))
            for (name, p, q) in [("reconstruction", a.reconstruction, b.reconstruction), ("quantizer", a.quantizer, b.quantizer),
                                 ("perplexity", a.perplexity, b.perplexity)] {
                #expect(abs(p - q) <= 1e-4 * abs(p), "\(name) at step \(one.step): \(p) on 1 device, \(q) on 4")
            }
        }
        #expect(four.step == 3)
        let parameters = try DataParallelTrainerTests.largestRelativeDifference(one.params, four.params)
        #expect(parameters <= 1e-4, "largest relative parameter difference \(parameters)")
        let floats = { (state: State) in state.mapValues { $0.filter { $0.value.dtype == .float32 } } }
        let codebook = try DataParallelTrainerTests.largestRelativeDifference(floats(one.modelState), floats(four.modelState))
        #expect(codebook <= 1e-4, "largest relative codebook state difference \(codebook)")
        let counter = "vector_quantizer_ema/~/ema_dw"
        #expect(try four.modelState[counter]?["counter"]?.scalars(as: Int32.self) == [3])
    }

    @Test func devicesOutOfRangeOrABatchTheyCannotShareAreTypedErrors() throws {
        #expect(throws: TrainingError.invalidConfiguration("0 devices: train on 1 to 1024")) {
            try VQVAETrainer(model: Self.small, exampleShape: [8, 8, 1], devices: 0)
        }
        let four = try VQVAETrainer(model: Self.small, exampleShape: [8, 8, 1], devices: 4)
        #expect(throws: TensorError.self) { try four.train(images: Tensor.zeros([6, 8, 8, 1])) }
        #expect(four.step == 0)
        #expect(throws: TrainingError.self) { try four.lowerStep(images: Tensor.zeros([8, 8, 8, 1])) }
    }
}

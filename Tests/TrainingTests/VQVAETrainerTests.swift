import Datasets
import Haiku
import Testing
import Training

/// The VQ-VAE `hkc train mnist --model vqvae` trains: Haiku's names and
/// shapes, and a short run lowers the reconstruction error.
@Suite struct VQVAETrainerTests {
    /// The parameters and state of `Scripts/bench/vqvae_jax.py` (dm-haiku 0.0.17), names and shapes.
    @Test func parametersAndStateHaveHaikusNamesAndShapes() throws {
        let model = transformWithState { (images: Tensor) in VQVAEModel()(images, isTraining: true) }
        let (params, state) = try model.initialize(rng: PRNGKey(0), Tensor.zeros([1, 28, 28, 1]))
        var expected: [String: [Int]] = [
            "encoder/enc_1/w": [4, 4, 1, 16], "encoder/enc_1/b": [16],
            "encoder/enc_2/w": [4, 4, 16, 32], "encoder/enc_2/b": [32],
            "encoder/enc_3/w": [3, 3, 32, 32], "encoder/enc_3/b": [32],
            "to_vq/w": [1, 1, 32, 16], "to_vq/b": [16],
            "decoder/dec_1/w": [3, 3, 16, 32], "decoder/dec_1/b": [32],
            "decoder/dec_2/w": [4, 4, 16, 32], "decoder/dec_2/b": [16],
            "decoder/dec_3/w": [4, 4, 1, 16], "decoder/dec_3/b": [1],
        ]
        for part in ["encoder", "decoder"] {
            for layer in 0..<2 {
                expected["\(part)/residual_stack/res3x3_\(layer)/w"] = [3, 3, 32, 16]
                expected["\(part)/residual_stack/res3x3_\(layer)/b"] = [16]
                expected["\(part)/residual_stack/res1x1_\(layer)/w"] = [1, 1, 16, 32]
                expected["\(part)/residual_stack/res1x1_\(layer)/b"] = [32]
            }
        }
        let shapes = params.flatMap { module, values in values.map { ("\(module)/\($0.key)", $0.value.shape) } }
        #expect(Dictionary(uniqueKeysWithValues: shapes) == expected)
        #expect(params.values.reduce(0) { $0 + $1.values.reduce(0) { $0 + $1.size } } == 52_049)
        let stateShapes = state.flatMap { module, values in values.map { ("\(module)/\($0.key)", $0.value.shape) } }
        #expect(Dictionary(uniqueKeysWithValues: stateShapes) == [
            "vector_quantizer_ema/embeddings": [16, 64],
            "vector_quantizer_ema/~/ema_cluster_size/hidden": [64], "vector_quantizer_ema/~/ema_cluster_size/average": [64],
            "vector_quantizer_ema/~/ema_cluster_size/counter": [],
            "vector_quantizer_ema/~/ema_dw/hidden": [16, 64], "vector_quantizer_ema/~/ema_dw/average": [16, 64],
            "vector_quantizer_ema/~/ema_dw/counter": [],
        ])
    }

    /// 60 steps of 50 on 1,000 MNIST training images (Scripts/test fetches
    /// MNIST): the test reconstruction error falls to under half, the
    /// codebook moves and the reconstructions keep the images' shape.
    @Test func shortRunLowersTheReconstructionError() throws {
        let train = try MNIST.load(split: .train, layout: .nhwc).prefix(1_000)
        let test = try MNIST.load(split: .test, layout: .nhwc).prefix(200).tensors().images
        let trainer = try VQVAETrainer(exampleShape: train.exampleShape, learningRate: 2e-3)
        let codebook = try trainer.modelState["vector_quantizer_ema"]!["embeddings"]!.scalars(as: Float.self)
        let before = try trainer.reconstructionLoss(images: test)
        var first: VQVAELosses?
        for (images, _) in try Batches(train, batchSize: 50, seed: 1, dropLast: true, epochs: 3) {
            let losses = try trainer.train(images: images)
            first = first ?? losses
        }
        let after = try trainer.reconstructionLoss(images: test)
        #expect(trainer.step == 60)
        #expect(after < 0.5 * before, "test reconstruction error \(before) -> \(after)")
        #expect(after.isFinite && (first?.perplexity ?? 0) >= 1)
        #expect(try trainer.modelState["vector_quantizer_ema"]!["embeddings"]!.scalars(as: Float.self) != codebook)
        let reconstruction = try trainer.reconstruct(test[0..<4])
        #expect(reconstruction.shape == [4, 28, 28, 1])
        #expect(try reconstruction.scalars(as: Float.self).allSatisfy { $0.isFinite && $0 > -1 && $0 < 2 })
        #expect(trainer.checkpoint.state["vector_quantizer_ema"]?["embeddings"]?.shape == [16, 64])
    }

    /// Sizes the encoder cannot halve twice and the decoder double back are a typed error, not a crash.
    @Test(arguments: [[30, 30, 1], [28, 28], [28, 0, 1], [784]])
    func imageShapeTheModelCannotTakeIsRejected(shape: [Int]) throws {
        #expect(throws: TrainingError.self) { try VQVAETrainer(exampleShape: shape) }
    }
}

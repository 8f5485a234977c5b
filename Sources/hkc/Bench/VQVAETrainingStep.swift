import Haiku
import Training

/// The `vqvae` model's step (``VQVAETrainer`` with `adam(1e-3)`), as
/// `Scripts/bench-jax vqvae` builds it: the reconstruction error plus the
/// quantizer's loss, its gradient (the updated codebook an auxiliary
/// output), with the parameters, the codebook and Adam's state donated.
/// Images are uniform in [0, 1).
struct VQVAETrainingStep: BenchmarkedTrainingStep {
    let initialization: Duration
    private let trainer: VQVAETrainer
    private let images: Tensor

    /// The step on `batch` random images `[28, 28, 1]`.
    init(batch: Int) throws {
        images = uniformBatch([batch] + VQVAEBenchmarkModel.exampleShape)
        let clock = ContinuousClock()
        let start = clock.now
        trainer = try VQVAETrainer(exampleShape: VQVAEBenchmarkModel.exampleShape, seed: 42)
        initialization = clock.now - start
    }

    func lower() throws -> Lowered {
        try trainer.lowerStep(images: images)
    }

    func dispatch() throws -> Tensor {
        try trainer.trainFigures(images: images)
    }
}

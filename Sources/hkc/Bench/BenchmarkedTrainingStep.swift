import Haiku
import Training

/// A training step that `hkc bench` times: its parameters, optimizer state
/// and one random batch, made when it is.
protocol BenchmarkedTrainingStep {
    /// How long making the parameters and the optimizer state took.
    var initialization: Duration { get }
    /// The step's program for its batch, before compilation.
    func lower() throws -> Lowered
    /// Runs one step on the batch and returns the loss before the update,
    /// not waited for.
    func dispatch() throws -> Tensor
}

/// `shape` filled with uniform values in [0, 1).
func uniformBatch(_ shape: [Int]) -> Tensor {
    var generator = SystemRandomNumberGenerator()
    return Tensor((0..<shape.reduce(1, *)).map { _ in Float.random(in: 0..<1, using: &generator) }, shape: shape)
}

/// The MNIST classifiers' step (``ClassifierTrainer``: Adam, L2) on
/// random images, labels `0, 1, ..., 9, 0, ...`.
struct ClassifierTrainingStep: BenchmarkedTrainingStep {
    let initialization: Duration
    private let trainer: ClassifierTrainer
    private let images: Tensor
    private let labels: Tensor

    /// `model`'s step on `batch` random images.
    init(_ model: MNISTModel, batch: Int) throws {
        images = uniformBatch([batch] + model.exampleShape)
        labels = Tensor((0..<batch).map { Int32($0 % 10) })
        var setup = TrainingConfiguration()
        setup.model = model.classifier
        setup.batchSize = batch
        let clock = ContinuousClock()
        let start = clock.now
        trainer = try ClassifierTrainer(configuration: setup, exampleShape: model.exampleShape, classCount: 10)
        initialization = clock.now - start
    }

    func lower() throws -> Lowered {
        try trainer.lowerStep(images: images, labels: labels)
    }

    func dispatch() throws -> Tensor {
        try trainer.trainLoss(images: images, labels: labels)
    }
}

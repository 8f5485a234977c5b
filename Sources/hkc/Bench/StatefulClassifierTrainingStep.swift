import Haiku
import Training

/// The training step of a ``StatefulBenchmarkNetwork`` (`mobilenet`,
/// `resnet18`, `resnet50`), as `Scripts/bench-jax` builds it: the mean softmax cross-entropy
/// of the training-mode logits, its gradient (the batch-norm state an
/// auxiliary output), and `adam(1e-3)`, with the parameters, the model's
/// state and Adam's state donated. Images are uniform in [0, 1); labels
/// `0, 1, ..., 9, 0, ...`.
final class StatefulClassifierTrainingStep: BenchmarkedTrainingStep {
    let initialization: Duration
    private var state: Flattened<StatefulTrainingState>
    private let images: Tensor
    private let labels: Tensor
    private let step: StatefulClassifierStep

    /// `network`'s step on `batch` random images.
    init(_ network: StatefulBenchmarkNetwork, batch: Int) throws {
        images = uniformBatch([batch] + network.exampleShape)
        labels = Tensor((0..<batch).map { Int32($0 % network.classCount) })
        let forward = network.forward(isTraining: true)
        let optimizer = adam(learningRate: 1e-3)
        let clock = ContinuousClock()
        let start = clock.now
        let (params, modelState) = try forward.initialize(rng: PRNGKey(42), images)
        state = Flattened(StatefulTrainingState(params: params, modelState: modelState,
                                                optimizerState: optimizer.initialize(params)))
        initialization = clock.now - start
        step = statefulClassifierStep(forward, optimizer: optimizer, classCount: network.classCount)
    }

    func lower() throws -> Lowered {
        try step.lower(state, images, labels)
    }

    func dispatch() throws -> Tensor {
        let result = try step(state, images, labels)
        state = result.state
        return result.loss
    }
}

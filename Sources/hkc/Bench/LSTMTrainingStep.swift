import Haiku
import Training

/// The `lstm` model's step (``LSTMSequenceModel``), as `Scripts/bench-jax
/// lstm` builds it: the mean softmax cross-entropy of the logits at every
/// step of every sequence, its gradient, and `adam(1e-3)`, with the
/// parameters and Adam's state donated. Inputs are uniform in [0, 1); the
/// label of step `t` of sequence `b` is `(t · B + b) mod 64`.
final class LSTMTrainingStep: BenchmarkedTrainingStep {
    let initialization: Duration
    private var state: Flattened<TrainingState>
    private let inputs: Tensor
    private let labels: Tensor
    private let step: JITFunction<Flattened<TrainingState>, Tensor, Tensor, StepResult>

    /// The step on `batch` random sequences of `length` steps.
    init(batch: Int, length: Int) throws {
        let classCount = LSTMSequenceModel.classCount
        inputs = uniformBatch(LSTMSequenceModel.inputShape(batch: batch, length: length))
        labels = Tensor((0..<length * batch).map { Int32($0 % classCount) }, shape: [length, batch])
        let forward = LSTMSequenceModel.forward
        let optimizer = adam(learningRate: 1e-3)
        let clock = ContinuousClock()
        let start = clock.now
        let params = try forward.initialize(rng: PRNGKey(42), inputs)
        state = Flattened(TrainingState(params: params, optimizerState: optimizer.initialize(params)))
        initialization = clock.now - start
        step = jit(donating: [0]) { (state: Flattened<TrainingState>, inputs: Tensor, labels: Tensor) -> StepResult in
            let current = state.tree
            let (loss, gradient) = valueAndGrad { (params: Params) -> Tensor in
                let logits = try! forward.apply(params, inputs)
                return -(oneHot(labels, count: classCount) * logSoftmax(logits)).sum(axes: [-1]).mean()
            }(current.params)
            let (updates, next) = optimizer.update(gradient, state: current.optimizerState, params: current.params)
            return StepResult(state: Flattened(TrainingState(params: applyUpdates(current.params, updates), optimizerState: next)),
                              loss: loss)
        }
    }

    func lower() throws -> Lowered {
        try step.lower(state, inputs, labels)
    }

    func dispatch() throws -> Tensor {
        let result = try step(state, inputs, labels)
        state = result.state
        return result.loss
    }
}

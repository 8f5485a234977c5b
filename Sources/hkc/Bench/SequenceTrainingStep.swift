import Haiku
import Training

/// The training step of a model with a prediction at every position of
/// its sequences, as `Scripts/bench-jax lstm|transformer` builds it: the
/// mean softmax cross-entropy of the logits at every position, its
/// gradient, and `adam(1e-3)`, with the parameters and Adam's state
/// donated.
final class SequenceTrainingStep: BenchmarkedTrainingStep {
    let initialization: Duration
    private var state: Flattened<TrainingState>
    private let inputs: Tensor
    private let labels: Tensor
    private let step: JITFunction<Flattened<TrainingState>, Tensor, Tensor, StepResult<TrainingState>>

    /// The step of `forward` (logits with `classCount` classes on the last
    /// axis) on `inputs` and `labels`, its parameters from `PRNGKey(42)`.
    init(forward: Transformed<Tensor, Tensor>, inputs: Tensor, labels: Tensor, classCount: Int) throws {
        (self.inputs, self.labels) = (inputs, labels)
        let optimizer = adam(learningRate: 1e-3)
        let clock = ContinuousClock()
        let start = clock.now
        let params = try forward.initialize(rng: PRNGKey(42), inputs)
        state = Flattened(TrainingState(params: params, optimizerState: optimizer.initialize(params)))
        initialization = clock.now - start
        step = jit(donating: [0]) { (state: Flattened<TrainingState>, inputs: Tensor, labels: Tensor) -> StepResult<TrainingState> in
            let current = state.tree
            let (loss, gradient) = try valueAndGrad { (params: Params) -> Tensor in
                let logits = try forward.apply(params, inputs)
                return -(oneHot(labels, count: classCount) * logSoftmax(logits)).sum(axes: [-1]).mean()
            }(current.params)
            let (updates, next) = optimizer.update(gradient, state: current.optimizerState, params: current.params)
            return StepResult(state: Flattened(TrainingState(params: applyUpdates(current.params, updates), optimizerState: next)),
                              loss: loss)
        }
    }

    /// The `lstm` model's step (``LSTMSequenceModel``) on `batch` sequences
    /// of `length` steps, uniform in [0, 1); the label of step `t` of
    /// sequence `b` is `(t · B + b) mod 64`.
    static func lstm(batch: Int, length: Int) throws -> SequenceTrainingStep {
        let classCount = LSTMSequenceModel.classCount
        return try SequenceTrainingStep(
            forward: LSTMSequenceModel.forward, inputs: uniformBatch(LSTMSequenceModel.inputShape(batch: batch, length: length)),
            labels: Tensor((0..<length * batch).map { Int32($0 % classCount) }, shape: [length, batch]), classCount: classCount)
    }

    /// The `transformer` model's step (``TransformerSequenceModel``) on
    /// `batch` sequences of `length` characters: the id at position `t` of
    /// sequence `b` is `(b · length + t) mod 76`, its label the next one.
    static func transformer(batch: Int, length: Int) throws -> SequenceTrainingStep {
        let classes = TransformerSequenceModel.vocabularySize
        let positions = (0..<batch * length).map { Int32($0) }
        return try SequenceTrainingStep(
            forward: TransformerSequenceModel.forward,
            inputs: Tensor(positions.map { $0 % Int32(classes) }, shape: [batch, length], dtype: .int32),
            labels: Tensor(positions.map { ($0 + 1) % Int32(classes) }, shape: [batch, length], dtype: .int32),
            classCount: classes)
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

import Haiku
import Optimizers

/// What a training step of a model with state (batch normalization's
/// moving averages, a VQ-VAE's codebook) carries: its parameters, its
/// state and Adam's state.
public struct StatefulTrainingState: TensorTree {
    /// The model's parameters.
    public var params: Params
    /// The model's state.
    public var modelState: State
    /// Adam's moments and step count.
    public var optimizerState: Adam.State

    /// The state of `params`, `modelState` and `optimizerState`.
    public init(params: Params, modelState: State, optimizerState: Adam.State) {
        self.params = params
        self.modelState = modelState
        self.optimizerState = optimizerState
    }

    /// Maps every tensor of the parameters, the model's state and the optimizer state.
    public func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> StatefulTrainingState {
        StatefulTrainingState(params: try params.mapTensors(transform), modelState: try modelState.mapTensors(transform),
                              optimizerState: try optimizerState.mapTensors(transform))
    }
}

extension TrainingStateCarrier where State == StatefulTrainingState {
    /// The state of a model with state, its parameters and state
    /// initialized from `PRNGKey(seed)` on one zero example of
    /// `exampleShape`, with Adam's (a learning rate following a cosine
    /// decay to 0 over `decaySteps` when given); each step is `update` of
    /// `forward(nil)` on one device, or of `forward(axis)` (the model with
    /// its cross-device statistics over the devices' axis) data-parallel
    /// over `devices` > 1 CPU devices.
    ///
    /// - Throws: the initialization's errors; as ``DataParallelStep``'s init.
    convenience init<Output>(devices: Int, seed: Int, exampleShape: [Int], learningRate: Double, decaySteps: Int?,
                             forward: (String?) -> TransformedWithState<Tensor, Output>,
                             update: (TransformedWithState<Tensor, Output>, Adam) -> TrainingUpdate<StatefulTrainingState>) throws {
        let optimizer = adam(learningRate: decaySteps.map { cosineDecaySchedule(initValue: learningRate, decaySteps: $0) }
            ?? Schedule(floatLiteral: learningRate))
        let plain = forward(nil)
        let (params, modelState) = try plain.initialize(rng: PRNGKey(seed), Tensor.zeros([1] + exampleShape))
        let initial = Flattened(StatefulTrainingState(params: params, modelState: modelState,
                                                      optimizerState: optimizer.initialize(params)))
        let axis = DataParallelStep<StatefulTrainingState>.axisName
        try self.init(initial, update: update(plain, optimizer),
                      dataParallel: devices > 1
                          ? DataParallelStep(devices: devices, template: initial, step: update(forward(axis), optimizer)) : nil)
    }
}

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

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

/// A step's carried state and its loss (before the update).
public struct StatefulStepResult: TensorTree {
    /// The state after the step.
    public var state: Flattened<StatefulTrainingState>
    /// The step's loss (or losses), before the update.
    public var loss: Tensor

    /// A result of `state` and `loss`.
    public init(state: Flattened<StatefulTrainingState>, loss: Tensor) {
        self.state = state
        self.loss = loss
    }

    /// Maps the state's tensors and the loss.
    public func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> StatefulStepResult {
        StatefulStepResult(state: try state.mapTensors(transform), loss: try transform(loss))
    }
}

import Haiku
import Optimizers

/// The compiled training step of a classifier with state (batch
/// normalization's moving averages): takes the carried state, images and
/// labels, returns the next state and the loss before the update.
public typealias StatefulClassifierStep = JITFunction<Flattened<StatefulTrainingState>, Tensor, Tensor, StepResult<StatefulTrainingState>>

/// The training step of `forward` (its logits `[B, classCount]` in training
/// mode, the state it updates an auxiliary output): the mean softmax
/// cross-entropy of `labels`, its gradient, and one update of `optimizer`,
/// with the carried state (parameters, model state, optimizer state) donated.
public func statefulClassifierStep(_ forward: TransformedWithState<Tensor, Tensor>, optimizer: Adam,
                                   classCount: Int) -> StatefulClassifierStep {
    oneDeviceStep(statefulClassifierUpdate(forward, optimizer: optimizer, classCount: classCount))
}

/// What ``statefulClassifierStep(_:optimizer:classCount:)`` computes, on one
/// device's share of the batch when data-parallel: the cross-entropy is
/// averaged over the devices before differentiating.
func statefulClassifierUpdate(_ forward: TransformedWithState<Tensor, Tensor>, optimizer: Adam,
                              classCount: Int) -> TrainingUpdate<StatefulTrainingState> {
    { current, images, labels, average in
        let ((loss, modelState), gradient) = try valueAndGrad { (params: Params) -> (Tensor, State) in
            let (logits, modelState) = try forward.apply(params, current.modelState, images)
            return (average(meanCrossEntropy(logits, labels, classCount: classCount)), modelState)
        }(current.params)
        let (updates, next) = optimizer.update(gradient, state: current.optimizerState, params: current.params)
        return (StatefulTrainingState(params: applyUpdates(current.params, updates), modelState: modelState, optimizerState: next), loss)
    }
}

import Haiku

/// One training step on one device's share of a batch: the next state and
/// the loss from the state, the images and the labels, the loss's data term
/// averaged over the devices by the function given (the identity on one device).
typealias TrainingUpdate<State: TensorTree> = (State, Tensor, Tensor, @escaping (Tensor) -> Tensor) throws -> (State, Tensor)

/// `update` compiled for one device, the state donated: state, images,
/// labels → the next state and the loss; `bucketing` pads smaller batches
/// (see ``TrainingConfiguration/bucketsPartialBatches``).
func oneDeviceStep<State: TensorTree>(_ update: @escaping TrainingUpdate<State>, bucketing: Bucketing? = nil)
    -> JITFunction<Flattened<State>, Tensor, Tensor, StepResult<State>> {
    jit(donating: [0], bucketing: bucketing) { (state: Flattened<State>, images: Tensor, labels: Tensor) -> StepResult<State> in
        let (next, loss) = try update(state.tree, images, labels) { $0 }
        return StepResult(state: Flattened(next), loss: loss)
    }
}

/// A trainer's state between steps and the step that advances it. On one
/// device: the compiled step (the state donated) and the state its last
/// call returned. On several: a ``DataParallelStep`` and the state on its
/// devices, copied to the host only when read (once per change). Over
/// several processes: a ``CrossProcessStep`` and the state its last call returned.
final class TrainingStateCarrier<State: TensorTree> {
    /// Where the state is.
    private enum Place {
        case oneDevice(JITFunction<Flattened<State>, Tensor, Tensor, StepResult<State>>, Flattened<State>)
        /// The step, the state on its devices, and its host copy as of the last read or replacement (nil after a step).
        case devices(DataParallelStep<State>, [ShardedTensor], hostCopy: Flattened<State>?)
        case processes(CrossProcessStep<State>, Flattened<State>)
    }

    private var place: Place

    /// `state`, advanced by `update` compiled for one device (with
    /// `bucketing`, if given), or by `dataParallel` (whose devices it is
    /// copied to) or `crossProcess` when given.
    ///
    /// - Throws: as ``DataParallelStep/place(_:)``.
    init(_ state: Flattened<State>, update: @escaping TrainingUpdate<State>, bucketing: Bucketing? = nil,
         dataParallel: DataParallelStep<State>?, crossProcess: CrossProcessStep<State>? = nil) throws {
        if let crossProcess {
            place = .processes(crossProcess, state)
        } else if let dataParallel {
            place = .devices(dataParallel, try dataParallel.place(state), hostCopy: state)
        } else {
            place = .oneDevice(oneDeviceStep(update, bucketing: bucketing), state)
        }
    }

    /// The state now, on the host when it lives on several devices (see
    /// ``DataParallelStep/gather(_:)``).
    var value: Flattened<State> {
        switch place {
        case let .oneDevice(_, state), let .processes(_, state): return state
        case let .devices(_, _, hostCopy?): return hostCopy
        case let .devices(step, leaves, nil):
            let gathered = step.gather(leaves)
            place = .devices(step, leaves, hostCopy: gathered)
            return gathered
        }
    }

    /// The one-device step's program for a batch like this one, before
    /// compilation, or nil when the state lives on several devices or processes.
    ///
    /// - Throws: the step's tracing errors.
    func lowerStep(images: Tensor, labels: Tensor) throws -> Lowered? {
        guard case let .oneDevice(step, state) = place else { return nil }
        return try step.lower(state, images, labels)
    }

    /// Makes `state` the state.
    ///
    /// - Throws: as ``DataParallelStep/place(_:)``.
    func replace(with state: Flattened<State>) throws {
        switch place {
        case let .oneDevice(step, _): place = .oneDevice(step, state)
        case let .devices(step, _, _): place = .devices(step, try step.place(state), hostCopy: state)
        case let .processes(step, _): place = .processes(step, state)
        }
    }

    /// One step on a batch; returns the loss before the update (on several
    /// devices read from the first, which waits for the step).
    ///
    /// - Throws: the step's errors (see ``DataParallelStep/callAsFunction(_:_:_:)``).
    func advance(images: Tensor, labels: Tensor) throws -> Tensor {
        switch place {
        case let .oneDevice(step, state):
            let result = try step(state, images, labels)
            place = .oneDevice(step, result.state)
            return result.loss
        case let .devices(step, leaves, _):
            let (next, loss) = try step(leaves, images, labels)
            place = .devices(step, next, hostCopy: nil)
            return loss
        case let .processes(step, state):
            let (next, loss) = try step(state, images, labels)
            place = .processes(step, next)
            return loss
        }
    }
}

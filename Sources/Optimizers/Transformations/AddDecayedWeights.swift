import XLATensor

/// Adds `weightDecay * params` to the updates, optionally only where a mask
/// selects (`optax.add_decayed_weights`): decoupled weight decay, as in
/// AdamW, before the learning rate scales it.
public struct AddDecayedWeights: GradientTransformation {
    /// The decay rate, a number or a schedule.
    public let weightDecay: Schedule
    /// Which parameters decay; all when nil.
    public let mask: Mask?

    /// The step count of a weight-decay schedule (optax's
    /// `WeightDecaySchedule`); nil for a constant rate.
    public struct State: TensorTree {
        /// The number of updates so far, `int32`, for a schedule.
        public var count: Tensor?

        /// The count, if any.
        public func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> State {
            State(count: try count.mapTensors(transform))
        }
    }

    /// Count 0 for a schedule; none for a constant rate.
    public func initialize<Params: TensorTree>(_ params: Params) -> State {
        State(count: weightDecay.constantValue == nil ? zeroCount() : nil)
    }

    /// `updates + weightDecay * params` on the selected leaves.
    public func update<Params: TensorTree>(_ updates: Params, state: State, params: Params?)
        -> (updates: Params, state: State) {
        guard let params, let parameters = leaves(of: params, matching: updates) else {
            return (poisoned(updates, "addDecayedWeights needs the parameters, of the updates' structure: pass them as update(_:state:params:)"), state)
        }
        let rate: Tensor
        let next: State
        switch (weightDecay.constantValue, state.count) {
        case (0?, _):
            return (updates, state)
        case let (value?, _):
            rate = weak(value)
            next = state
        case let (nil, count?):
            rate = weightDecay(count)
            next = State(count: safeIncrement(count))
        case (nil, nil):
            return (poisoned(updates, "a weight-decay schedule needs its step count; initialize the state with this optimizer"), state)
        }
        let flags: [Bool]
        switch mask?.flags(for: updates) ?? .success(parameters.map { _ in true }) {
        case let .success(found): flags = found
        case let .failure(mismatch): return (poisoned(updates, mismatch.reason), state)
        }
        let decayed = zip(zip(updates.leaves, parameters), flags).map { pair, flag in flag ? pair.0 + rate * pair.1 : pair.0 }
        return (updates.rebuilt(decayed), next)
    }
}

/// Adds `weightDecay * params` to the updates where `mask` selects, or
/// everywhere (`optax.add_decayed_weights`).
///
/// ```swift
/// let optimizer = chain(addDecayedWeights(1e-4, mask: .parameters { _, name, _ in name != "b" }),
///                       sgd(learningRate: 0.1, momentum: 0.9))
/// ```
public func addDecayedWeights(_ weightDecay: Schedule = 0, mask: Mask? = nil) -> AddDecayedWeights {
    AddDecayedWeights(weightDecay: weightDecay, mask: mask)
}

import XLATensor

/// Multiplies updates by a fixed `stepSize` (`optax.scale`).
public struct Scale: GradientTransformation {
    /// The factor.
    public let stepSize: Double

    /// No state.
    public func initialize<Params: TensorTree>(_ params: Params) -> EmptyState { EmptyState() }

    /// `stepSize * updates`.
    public func update<Params: TensorTree>(_ updates: Params, state: EmptyState, params: Params?)
        -> (updates: Params, state: EmptyState) {
        (updates.mapTensors { stepSize * $0 }, state)
    }
}

/// Multiplies updates by `stepSize` (`optax.scale`).
public func scale(_ stepSize: Double) -> Scale {
    Scale(stepSize: stepSize)
}

/// Multiplies updates by a schedule's value at the step count
/// (`optax.scale_by_schedule`).
public struct ScaleBySchedule: GradientTransformation {
    /// The factor at each step.
    public let schedule: Schedule

    /// The step count (`optax.ScaleByScheduleState`).
    public struct State: TensorTree {
        /// The number of updates so far, `int32`.
        public var count: Tensor

        /// The count.
        public func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> State {
            State(count: try transform(count))
        }
    }

    /// Count 0.
    public func initialize<Params: TensorTree>(_ params: Params) -> State { State(count: zeroCount()) }

    /// `schedule(count) * updates`, the count advanced.
    public func update<Params: TensorTree>(_ updates: Params, state: State, params: Params?)
        -> (updates: Params, state: State) {
        let stepSize = schedule(state.count)
        return (updates.mapTensors { stepSize.converted(to: $0.dtype) * $0 }, State(count: safeIncrement(state.count)))
    }
}

/// Multiplies updates by `schedule(count)` (`optax.scale_by_schedule`).
public func scaleBySchedule(_ schedule: Schedule) -> ScaleBySchedule {
    ScaleBySchedule(schedule: schedule)
}

/// Multiplies updates by minus the learning rate, a number or a schedule
/// (`optax.scale_by_learning_rate`): the last step of every optimizer.
///
/// A constant learning rate is ``Scale`` and keeps no state; a schedule is
/// ``ScaleBySchedule`` and keeps the step count.
public struct ScaleByLearningRate: GradientTransformation {
    /// The learning rate.
    public let learningRate: Schedule
    /// Whether to multiply by `-learningRate` (descent) rather than
    /// `learningRate`.
    public let flipSign: Bool

    private var sign: Double { flipSign ? -1 : 1 }

    /// The step count for a schedule; nil for a constant learning rate.
    public func initialize<Params: TensorTree>(_ params: Params) -> ScaleBySchedule.State? {
        learningRate.constantValue == nil ? ScaleBySchedule.State(count: zeroCount()) : nil
    }

    /// `-learningRate * updates` (or `learningRate * updates`).
    public func update<Params: TensorTree>(_ updates: Params, state: ScaleBySchedule.State?, params: Params?)
        -> (updates: Params, state: ScaleBySchedule.State?) {
        if let value = learningRate.constantValue {
            return (Scale(stepSize: sign * value).update(updates, state: EmptyState()).updates, state)
        }
        guard let state else {
            return (poisoned(updates, "a learning-rate schedule needs its step count; initialize the state with this optimizer"), nil)
        }
        let schedule = learningRate, sign = sign
        return ScaleBySchedule(schedule: Schedule { sign * schedule($0) }).update(updates, state: state)
    }
}

/// Multiplies updates by `-learningRate`, or by `learningRate` when
/// `flipSign` is false (`optax.scale_by_learning_rate`).
///
/// ```swift
/// let optimizer = chain(scaleByAdam(), scaleByLearningRate(1e-3))   // adam(learningRate: 1e-3)
/// ```
public func scaleByLearningRate(_ learningRate: Schedule, flipSign: Bool = true) -> ScaleByLearningRate {
    ScaleByLearningRate(learningRate: learningRate, flipSign: flipSign)
}

import XLATensor

/// A value that depends on the step count, such as a learning rate
/// (optax's `Schedule`): a function from the count, an `int32` scalar
/// tensor, to a `float32` scalar tensor.
///
/// Wherever an optimizer takes a schedule a plain number works too
/// (`adam(learningRate: 1e-3)`), like optax's `ScalarOrSchedule`; a number
/// held in a variable is ``constantSchedule(_:)``. Schedules are traced
/// into the step, so they run inside `jit`:
///
/// ```swift
/// let schedule = warmupCosineDecaySchedule(initValue: 0, peakValue: 1e-3, warmupSteps: 100, decaySteps: 1_000)
/// let optimizer = adam(learningRate: schedule)
/// let atStep10 = schedule(Tensor(Int32(10)))
/// ```
public struct Schedule: Sendable, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    private let function: @Sendable (Tensor) -> Tensor

    /// The value, when the schedule is constant: an optimizer then
    /// multiplies by it directly and keeps no step count, as optax does
    /// for a number.
    public let constantValue: Double?

    /// A schedule computing its value from the count with `function`.
    public init(_ function: @escaping @Sendable (_ count: Tensor) -> Tensor) {
        self.function = function
        constantValue = nil
    }

    /// The constant schedule `value`.
    init(constant value: Double) {
        function = { _ in weak(value) }
        constantValue = value
    }

    /// The constant schedule `value`.
    public init(floatLiteral value: Double) {
        self.init(constant: value)
    }

    /// The constant schedule `value`.
    public init(integerLiteral value: Int) {
        self.init(constant: Double(value))
    }

    /// The value at step `count` (an `int32` scalar).
    public func callAsFunction(_ count: Tensor) -> Tensor {
        function(count)
    }
}

/// The schedule that is always `value` (`optax.constant_schedule`).
public func constantSchedule(_ value: Double) -> Schedule {
    Schedule(constant: value)
}

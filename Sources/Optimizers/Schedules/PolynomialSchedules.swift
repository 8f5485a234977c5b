import XLATensor

/// A schedule going from `initValue` to `endValue` along
/// `(init - end) * (1 - t)^power + end`, where `t` rises from 0 to 1 over
/// `transitionSteps` steps starting at `transitionBegin`
/// (`optax.polynomial_schedule` with a floating-point `power`, computed
/// with `pow`).
///
/// A non-positive `transitionSteps` gives the constant `initValue`; a
/// negative `transitionBegin` counts as 0, as in optax.
public func polynomialSchedule(initValue: Double, endValue: Double, power: Double,
                               transitionSteps: Int, transitionBegin: Int = 0) -> Schedule {
    polynomialSchedule(initValue: initValue, endValue: endValue, transitionSteps: transitionSteps,
                       transitionBegin: transitionBegin) { pow($0, weak(power)) }
}

/// A schedule going from `initValue` to `endValue` along
/// `(init - end) * (1 - t)^power + end` with an integer `power`
/// (`optax.polynomial_schedule` given a Python `int`, which JAX computes
/// by repeated multiplication rather than `pow`).
public func polynomialSchedule(initValue: Double, endValue: Double, power: Int,
                               transitionSteps: Int, transitionBegin: Int = 0) -> Schedule {
    polynomialSchedule(initValue: initValue, endValue: endValue, transitionSteps: transitionSteps,
                       transitionBegin: transitionBegin) { integerPower($0, power) }
}

/// A schedule going linearly from `initValue` to `endValue` over
/// `transitionSteps` steps starting at `transitionBegin`
/// (`optax.linear_schedule`).
///
/// ```swift
/// let warmup = linearSchedule(initValue: 0, endValue: 1e-3, transitionSteps: 100)
/// ```
public func linearSchedule(initValue: Double, endValue: Double, transitionSteps: Int,
                           transitionBegin: Int = 0) -> Schedule {
    polynomialSchedule(initValue: initValue, endValue: endValue, power: 1, transitionSteps: transitionSteps,
                       transitionBegin: transitionBegin)
}

/// A linear warmup from `initValue` to `peakValue` over `warmupSteps`
/// steps, then constant (`optax.warmup_constant_schedule`).
public func warmupConstantSchedule(initValue: Double, peakValue: Double, warmupSteps: Int) -> Schedule {
    linearSchedule(initValue: initValue, endValue: peakValue, transitionSteps: warmupSteps)
}

/// The polynomial schedule with the power applied by `power`.
private func polynomialSchedule(initValue: Double, endValue: Double, transitionSteps: Int, transitionBegin: Int,
                                power: @escaping @Sendable (Tensor) -> Tensor) -> Schedule {
    guard transitionSteps > 0 else { return constantSchedule(initValue) }
    let begin = max(transitionBegin, 0)
    return Schedule { count in
        let steps = (count - Tensor(Int32(begin))).clipped(min: Tensor(Int32(0)), max: Tensor(Int32(transitionSteps)))
        let fraction = 1 - steps.converted(to: .float32) / weak(Double(transitionSteps))
        return (initValue - endValue) * power(fraction) + endValue
    }
}

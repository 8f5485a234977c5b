import XLATensor

/// A schedule decaying from `initValue` along half a cosine over
/// `decaySteps` steps to `alpha * initValue`, then constant
/// (`optax.cosine_decay_schedule`):
/// `init * ((1 - alpha) * (0.5 * (1 + cos(π t)))^exponent + alpha)` with
/// `t = min(count, decaySteps) / decaySteps`.
///
/// optax raises for a non-positive `decaySteps`; here the values are
/// poisoned with an error saying so.
public func cosineDecaySchedule(initValue: Double, decaySteps: Int, alpha: Double = 0,
                                exponent: Double = 1) -> Schedule {
    Schedule { count in
        guard decaySteps > 0 else {
            return Tensor(failure: .invalidTransformation(
                reason: "cosineDecaySchedule needs positive decaySteps, not \(decaySteps)", location: nil),
                type: TensorType(.float32, []))
        }
        let steps = minimum(count.converted(to: .float32), weak(Double(decaySteps)))
        let cosineDecay = 0.5 * (1 + cos(Double.pi * steps / Double(decaySteps)))
        let decayed = complement(alpha) * pow(cosineDecay, weak(exponent)) + alpha
        return initValue * decayed
    }
}

/// A linear warmup from `initValue` to `peakValue` over `warmupSteps`
/// steps, then a cosine decay to `endValue` at step `decaySteps`
/// (`optax.warmup_cosine_decay_schedule`; `decaySteps` counts the warmup).
///
/// ```swift
/// let schedule = warmupCosineDecaySchedule(initValue: 0, peakValue: 1e-3, warmupSteps: 100, decaySteps: 1_000)
/// ```
public func warmupCosineDecaySchedule(initValue: Double, peakValue: Double, warmupSteps: Int, decaySteps: Int,
                                      endValue: Double = 0, exponent: Double = 1) -> Schedule {
    let alpha = peakValue == 0 ? 0 : endValue / peakValue
    return joinSchedules(
        [linearSchedule(initValue: initValue, endValue: peakValue, transitionSteps: warmupSteps),
         cosineDecaySchedule(initValue: peakValue, decaySteps: decaySteps - warmupSteps, alpha: alpha,
                             exponent: exponent)],
        boundaries: [warmupSteps])
}

/// A schedule multiplying `initValue` by `decayRate` every
/// `transitionSteps` steps after `transitionBegin`, continuously or, with
/// `staircase`, in whole steps, optionally bounded by `endValue`
/// (`optax.exponential_decay`): `init * rate^((count - begin) / steps)`.
///
/// A non-positive `transitionSteps` or a zero `decayRate` gives the
/// constant `initValue`; a negative `transitionBegin` counts as 0, as in
/// optax. `endValue` is a lower bound when the rate is below 1, an upper
/// bound otherwise.
public func exponentialDecay(initValue: Double, transitionSteps: Int, decayRate: Double, transitionBegin: Int = 0,
                             staircase: Bool = false, endValue: Double? = nil) -> Schedule {
    guard transitionSteps > 0, decayRate != 0 else { return constantSchedule(initValue) }
    let begin = max(transitionBegin, 0)
    return Schedule { count in
        let decreasedCount = count - Tensor(Int32(begin))
        var exponent = decreasedCount.converted(to: .float32) / Double(transitionSteps)
        if staircase { exponent = floor(exponent) }
        let decayed = select(decreasedCount .<= Tensor(Int32(0)), weak(initValue),
                             initValue * pow(weak(decayRate), exponent))
        guard let endValue else { return decayed }
        return decayRate < 1 ? maximum(decayed, weak(endValue)) : minimum(decayed, weak(endValue))
    }
}

/// A linear warmup from `initValue` to `peakValue` over `warmupSteps`
/// steps, then ``exponentialDecay(initValue:transitionSteps:decayRate:transitionBegin:staircase:endValue:)``
/// from `peakValue` (`optax.warmup_exponential_decay_schedule`).
public func warmupExponentialDecaySchedule(initValue: Double, peakValue: Double, warmupSteps: Int,
                                           transitionSteps: Int, decayRate: Double, transitionBegin: Int = 0,
                                           staircase: Bool = false, endValue: Double? = nil) -> Schedule {
    joinSchedules(
        [linearSchedule(initValue: initValue, endValue: peakValue, transitionSteps: warmupSteps),
         exponentialDecay(initValue: peakValue, transitionSteps: transitionSteps, decayRate: decayRate,
                          transitionBegin: transitionBegin, staircase: staircase, endValue: endValue)],
        boundaries: [warmupSteps])
}

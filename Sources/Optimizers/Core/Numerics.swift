import XLATensor

// The formulas optax's transformations share (`optax.tree` and
// `optax._src.numerics`), written in the same operation order so that the
// compiled programs round as optax's do.

/// `value` as JAX treats a Python float in arithmetic: weakly typed, so it
/// takes the other operand's dtype.
func weak(_ value: Double) -> Tensor {
    Tensor(floatLiteral: value)
}

/// `1 - value` computed in `Double`, as Python computes `1 - decay` before
/// the result meets a tensor. (Written inline, `(1 - decay) * x` would make
/// the literal a tensor and subtract in float32.)
func complement(_ value: Double) -> Double {
    1 - value
}

/// A step counter's first value: 0 as `int32`, as optax's `count`.
func zeroCount() -> Tensor {
    Tensor.zeros([], dtype: .int32)
}

/// `count + 1`, staying at `Int32.max` instead of overflowing
/// (`optax.safe_increment`).
func safeIncrement(_ count: Tensor) -> Tensor {
    let maximum = Tensor(Int32.max)
    return select(count .< maximum, count + Tensor(Int32(1)), maximum)
}

/// The exponential moving average of `gradient` (order 1) or of its square
/// (order 2) with decay `decay` (`optax.tree.update_moment`,
/// `update_moment_per_elem_norm` for real values).
func updatedMoment(_ gradient: Tensor, _ moment: Tensor, decay: Double, order: Int) -> Tensor {
    let power = order == 2 ? gradient * gradient : gradient
    return complement(decay) * power + decay * moment
}

/// `1 - decay^count` in float32, the divisor of a bias correction
/// (`optax.tree.bias_correction`).
func biasCorrectionFactor(decay: Double, count: Tensor) -> Tensor {
    1 - pow(weak(decay), count.converted(to: .float32))
}

/// `moment` divided by a bias correction from ``biasCorrectionFactor(decay:count:)``,
/// converted to the moment's dtype first.
func corrected(_ moment: Tensor, by correction: Tensor) -> Tensor {
    moment / correction.converted(to: moment.dtype)
}

/// `x` raised to the integer power `exponent` by JAX's `lax.integer_pow`:
/// square-and-multiply from the lowest bit, a reciprocal for negative
/// exponents, ones for 0.
func integerPower(_ x: Tensor, _ exponent: Int) -> Tensor {
    if exponent == 0 { return Tensor.ones(x.shape, dtype: x.dtype) }
    var remaining = exponent.magnitude
    var base = x
    var accumulated: Tensor?
    while remaining > 0 {
        if remaining & 1 == 1 { accumulated = accumulated.map { $0 * base } ?? base }
        remaining >>= 1
        if remaining > 0 { base = base * base }
    }
    return exponent < 0 ? 1.0 / accumulated! : accumulated!
}

import XLAIR

// Elementwise activations of `jax.nn`, written as JAX 0.11.2 writes them so
// that values match (same formulas, same constants, same `jnp.where`s).
// Under differentiation JAX gives `relu` and `relu6` custom derivatives
// (0 at the kinks); `passingGradient` below reproduces them.

/// The rectified linear unit `max(x, 0)` (`jax.nn.relu`).
///
/// Integers stay integers. `relu(Tensor([-2.0, -1, 0.5, 2]))` is `[0, 0, 0.5, 2]`.
///
/// Its gradient follows JAX's convention `relu'(0) = 0`: the cotangent
/// passes only where `x > 0`.
public func relu(_ x: Tensor) -> Tensor {
    passingGradient(where: x .> 0, x, else: maximum(x, 0))
}

/// `min(max(x, 0), 6)` (`jax.nn.relu6`); integers become `float32`, as the
/// float bound 6 promotes them in JAX.
///
/// Its gradient passes only strictly inside `(0, 6)`, as JAX's.
public func relu6(_ x: Tensor) -> Tensor {
    let value = minimum(maximum(x, 0), 6.0)
    return passingGradient(where: (x .> 0) & (x .< 6.0), value, else: value)
}

/// `value` where `condition` holds, else `otherwise`, with the gradient
/// flowing only through `value` where `condition` holds (a piecewise
/// derivative fixed at the kinks, as JAX's custom JVPs of relu and relu6).
private func passingGradient(where condition: Tensor, _ value: Tensor, else otherwise: Tensor) -> Tensor {
    select(condition, value, stopGradient(otherwise))
}

/// The Gaussian error linear unit (`jax.nn.gelu`).
///
/// - Parameter approximate: `true` (JAX's default) uses the tanh form
///   `x/2 · (1 + tanh(√(2/π) · (x + 0.044715 x³)))`; `false` the exact form
///   `x/2 · erfc(-x/√2)`.
public func gelu(_ x: Tensor, approximate: Bool = true) -> Tensor {
    let x = x.promotedToInexact
    if approximate {
        let sqrt2OverPi = Tensor((2 / Double.pi).squareRoot(), dtype: x.dtype)
        let cube = x * (x * x)  // lax.integer_pow(x, 3)
        let cdf = x.constant(0.5) * (x.constant(1) + tanh(sqrt2OverPi * (x + x.constant(0.044715) * cube)))
        return x * cdf
    }
    let sqrtHalf = Tensor(0.5.squareRoot(), dtype: x.dtype)
    return x.constant(0.5) * x * erfc(-x * sqrtHalf)
}

/// The logistic sigmoid `1 / (1 + e⁻ˣ)` (`jax.nn.sigmoid`); the same as
/// ``logistic(_:)``.
public func sigmoid(_ x: Tensor) -> Tensor { logistic(x) }

/// The sigmoid linear unit `x · sigmoid(x)` (`jax.nn.silu`); ``swish(_:)`` is
/// the same function.
public func silu(_ x: Tensor) -> Tensor {
    x * sigmoid(x)
}

/// The swish activation `x · sigmoid(x)`, the same function as ``silu(_:)``
/// (`jax.nn.swish`).
public func swish(_ x: Tensor) -> Tensor {
    silu(x)
}

/// `log(1 + eˣ)` (`jax.nn.softplus`), computed as `logaddexp(x, 0)` so that
/// it neither overflows for large `x` nor loses small values.
public func softplus(_ x: Tensor) -> Tensor {
    let x = x.promotedToInexact
    return logAddExp(x, x.constant(0))
}

/// `log(sigmoid(x))`, computed as `-softplus(-x)` (`jax.nn.log_sigmoid`).
public func logSigmoid(_ x: Tensor) -> Tensor {
    -softplus(-x)
}

/// The exponential linear unit (`jax.nn.elu`): `x` where `x > 0`, else
/// `alpha · (eˣ - 1)`.
///
/// - Parameter alpha: a scalar or a tensor broadcastable to `x` (default 1).
public func elu(_ x: Tensor, alpha: Tensor = 1.0) -> Tensor {
    // JAX feeds expm1 only non-positive values so that the unused branch
    // cannot overflow (`jnp.where(x > 0, 0., x)`).
    let positive = x .> 0
    return select(positive, x, alpha * expm1(select(positive, 0.0, x)))
}

/// The leaky rectified linear unit (`jax.nn.leaky_relu`): `x` where
/// `x >= 0`, else `negativeSlope · x`.
///
/// - Parameter negativeSlope: a scalar or a tensor broadcastable to `x`
///   (default 0.01).
public func leakyRelu(_ x: Tensor, negativeSlope: Tensor = 0.01) -> Tensor {
    select(x .>= 0, x, negativeSlope * x)
}

/// `log(eᵃ + eᵇ)` without overflow, as `lax.logaddexp` computes it for real
/// floats: `max(a, b) + log1p(exp(-|a - b|))`, and `a + b` where `a - b` is
/// NaN (a NaN, or infinities of the same sign). Both operands share a float dtype.
///
/// `-|a - b|` is written `min(a - b, b - a)`, the same value, whose
/// derivative at `a = b` is 0 (a tie), so that the gradient there is
/// JAX's `exp(a - logaddexp(a, b)) = 1/2` rather than `abs`'s one-sided 1.
func logAddExp(_ a: Tensor, _ b: Tensor) -> Tensor {
    let delta = a - b
    return select(delta .!= delta, a + b, maximum(a, b) + log1p(exp(minimum(delta, -delta))))
}

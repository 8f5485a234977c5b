// The arithmetic of JAX's `jnp.mean` and `jnp.square` that the
// normalization modules need to round as Haiku does.

/// `jnp.mean(x, axes, keepdims=True)`: `float16` and `bfloat16` are summed
/// and divided in float32, then rounded back once, as JAX does.
func halfUpcastMean(_ x: Tensor, axes: [Int]) -> Tensor {
    guard x.dtype == .float16 || x.dtype == .bfloat16 else { return x.mean(axes: axes, keepDims: true) }
    return x.converted(to: .float32).mean(axes: axes, keepDims: true).converted(to: x.dtype)
}

/// `x²` as `jnp.square` computes it: `x·x`, with JAX's derivative
/// `cotangent·(2x)` as one term (`x * x` gives two terms, `cotangent·x`
/// twice, whose sum into the other contributions rounds differently).
/// Written as `pow(x, 2)`, which XLA simplifies to `x·x` and whose
/// derivative is `cotangent·(2·x¹)`.
func square(_ x: Tensor) -> Tensor {
    pow(x, Tensor(2, dtype: x.dtype))
}

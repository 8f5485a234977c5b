import XLAIR

/// Standard normal samples, as `jax.random.normal(key, shape, dtype)`:
/// `√2 · erfInv(u)` for `u` uniform in `(-1, 1)` (from the float after -1).
///
/// ```swift
/// let w = normal(PRNGKey(42), [3, 2])
/// ```
///
/// - Parameter dtype: a float type (float32 by default, float64 with x64 on).
/// - Returns: the samples, or a poisoned tensor for a non-float dtype, a
///   negative shape or a bad key.
public func normal(_ key: PRNGKey, _ shape: [Int] = [], dtype: ElementType? = nil,
                   file: String = #fileID, line: Int = #line) -> Tensor {
    floatSampler("normal", key, shape, dtype, location(file, line)) { key, dtype in
        let low = Random.constant(-1 + Random.epsneg(dtype), dtype)
        let u = drawUniform(key, shape, dtype, minval: low, maxval: Random.constant(1, dtype))
        return Random.constant(2.0.squareRoot(), dtype) * erfInv(u)
    }
}

/// Samples of a standard normal truncated to `(lower, upper)`, as
/// `jax.random.truncated_normal(key, lower, upper, shape, dtype)`: the
/// inverse error function of a uniform sample between `erf(lower/√2)` and
/// `erf(upper/√2)`, clipped to the floats just inside the bounds.
///
/// ```swift
/// let w = truncatedNormal(key, -2, 2, [3, 4])     // Haiku's TruncatedNormal
/// ```
///
/// - Parameters:
///   - shape: the result's shape (by default the bounds' broadcast shape).
///   - dtype: a float type (float32 by default, float64 with x64 on).
public func truncatedNormal(_ key: PRNGKey, _ lower: Tensor, _ upper: Tensor, _ shape: [Int]? = nil,
                            dtype: ElementType? = nil, file: String = #fileID, line: Int = #line) -> Tensor {
    let place = location(file, line)
    guard let shape = shape ?? broadcastShapes(lower.shape, upper.shape) else {
        return Tensor.invalid("truncatedNormal", [lower, upper], "the bounds' shapes do not broadcast together",
                              location: place, result: TensorType(.float32, lower.shape))
    }
    switch Random.floatType(dtype, for: "truncatedNormal", key, shape, location: place) {
    case let .failure(invalid): return invalid.tensor
    case let .success(dtype):
        if let invalid = Random.check("truncatedNormal", key, shape, result: dtype, location: place) { return invalid }
        if let invalid = Random.checkBroadcast("truncatedNormal", [lower, upper], to: shape, dtype, location: place) {
            return invalid
        }
        return EagerProgram.run("truncatedNormal", static: "\(shape)\(dtype)", key, lower, upper) { key, lower, upper in
            let root2 = Random.constant(2.0.squareRoot(), dtype)
            let lower = lower.converted(to: dtype).weak(false), upper = upper.converted(to: dtype).weak(false)
            let u = drawUniform(key, shape, dtype, minval: erf(lower / root2), maxval: erf(upper / root2))
            let samples = root2 * erfInv(u)
            let above = nextAfter(lower, Random.constant(.infinity, dtype))
            let below = nextAfter(upper, Random.constant(-.infinity, dtype))
            return minimum(below, maximum(above, samples))
        }
    }
}

/// Standard exponential samples, as `jax.random.exponential`:
/// `-log1p(-u)` for `u` uniform in `[0, 1)`.
///
/// - Parameter dtype: a float type (float32 by default, float64 with x64 on).
public func exponential(_ key: PRNGKey, _ shape: [Int] = [], dtype: ElementType? = nil,
                        file: String = #fileID, line: Int = #line) -> Tensor {
    floatSampler("exponential", key, shape, dtype, location(file, line)) { key, dtype in
        let u = drawUniform(key, shape, dtype, minval: Random.constant(0, dtype), maxval: Random.constant(1, dtype))
        return -log1p(-u)
    }
}

/// Standard Laplace samples, as `jax.random.laplace`: `sign(u) ·
/// log1p(-|u|)` for `u` uniform in `(-1, 1)`.
///
/// - Parameter dtype: a float type (float32 by default, float64 with x64 on).
public func laplace(_ key: PRNGKey, _ shape: [Int] = [], dtype: ElementType? = nil,
                    file: String = #fileID, line: Int = #line) -> Tensor {
    floatSampler("laplace", key, shape, dtype, location(file, line)) { key, dtype in
        let u = drawUniform(key, shape, dtype, minval: Random.constant(-1 + Random.epsneg(dtype), dtype),
                            maxval: Random.constant(1, dtype))
        return sign(u) * log1p(-abs(u))
    }
}

/// Standard logistic samples, as `jax.random.logistic`: `log(u) -
/// log1p(-u)` for `u` uniform in `[tiny, 1)`.
///
/// - Parameter dtype: a float type (float32 by default, float64 with x64 on).
public func logistic(_ key: PRNGKey, _ shape: [Int] = [], dtype: ElementType? = nil,
                     file: String = #fileID, line: Int = #line) -> Tensor {
    floatSampler("logistic", key, shape, dtype, location(file, line)) { key, dtype in
        let u = drawUniform(key, shape, dtype, minval: Random.constant(Random.tiny(dtype), dtype),
                            maxval: Random.constant(1, dtype))
        return log(u) - log1p(-u)
    }
}

/// Standard Gumbel samples, as `jax.random.gumbel` (its default `"low"`
/// mode): `-log(-log(u))` for `u` uniform in `[tiny, 1)`.
///
/// - Parameter dtype: a float type (float32 by default, float64 with x64 on).
public func gumbel(_ key: PRNGKey, _ shape: [Int] = [], dtype: ElementType? = nil,
                   file: String = #fileID, line: Int = #line) -> Tensor {
    floatSampler("gumbel", key, shape, dtype, location(file, line)) { key, dtype in drawGumbel(key, shape, dtype) }
}

/// The samples of ``gumbel(_:_:dtype:file:line:)`` for checked arguments.
func drawGumbel(_ key: PRNGKey, _ shape: [Int], _ dtype: ElementType) -> Tensor {
    let u = drawUniform(key, shape, dtype, minval: Random.constant(Random.tiny(dtype), dtype),
                        maxval: Random.constant(1, dtype))
    return -log(-log(u))
}

/// A sampler of `shape` and a float `dtype` computed by `draw` from the
/// key alone, checked and compiled as one program when eager.
private func floatSampler(_ name: String, _ key: PRNGKey, _ shape: [Int], _ dtype: ElementType?, _ place: String?,
                          _ draw: @escaping (PRNGKey, ElementType) -> Tensor) -> Tensor {
    switch Random.floatType(dtype, for: name, key, shape, location: place) {
    case let .failure(invalid): return invalid.tensor
    case let .success(dtype):
        if let invalid = Random.check(name, key, shape, result: dtype, location: place) { return invalid }
        return EagerProgram.run(name, static: "\(shape)\(dtype)", key) { draw($0, dtype) }
    }
}

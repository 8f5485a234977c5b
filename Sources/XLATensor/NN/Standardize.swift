import XLAIR

/// How ``standardize(_:axes:mean:variance:epsilon:algorithm:file:line:)``
/// computes the variance (JAX's `algorithm` argument).
public enum StandardizeAlgorithm: Sendable, Hashable {
    /// `mean(x²) - mean(x)²`, clipped at 0: one pass, JAX's default, but it
    /// can lose precision when the mean is large against the spread.
    case fast
    /// `mean((x - mean(x))²)`: two passes, numerically stable.
    case stable
}

/// Standardizes `x` to zero mean and unit variance along `axis`
/// (`jax.nn.standardize`): `(x - mean) · rsqrt(variance + epsilon)`.
///
/// - Parameters:
///   - axis: the axis to standardize along (the last by default).
///   - mean: the mean to use instead of `x`'s mean along `axis`.
///   - variance: the variance to use instead of `x`'s variance along `axis`.
///   - epsilon: added to the variance to avoid dividing by zero (default `1e-5`).
///   - algorithm: how the variance is computed when not given (``StandardizeAlgorithm/fast`` by default).
/// - Note: a bad axis gives a poisoned tensor whose error names `standardize`.
public func standardize(_ x: Tensor, axis: Int = -1, mean: Tensor? = nil, variance: Tensor? = nil,
                        epsilon: Tensor = 1e-5, algorithm: StandardizeAlgorithm = .fast,
                        file: String = #fileID, line: Int = #line) -> Tensor {
    standardize(x, axes: [axis], mean: mean, variance: variance, epsilon: epsilon, algorithm: algorithm,
                file: file, line: line)
}

/// Standardizes `x` over several `axes` jointly (all axes when nil), as
/// `jax.nn.standardize(x, axis=(...))` or `axis=None`.
///
/// JAX's `where` mask is not offered yet.
public func standardize(_ x: Tensor, axes: [Int]?, mean: Tensor? = nil, variance: Tensor? = nil,
                        epsilon: Tensor = 1e-5, algorithm: StandardizeAlgorithm = .fast,
                        file: String = #fileID, line: Int = #line) -> Tensor {
    guard let dims = Tensor.normalize(axes: axes ?? Array(0..<x.rank), rank: x.rank) else {
        return x.invalidAxes(axes, for: "standardize", file: file, line: line)
    }
    let mean = mean ?? x.meanKeepingDims(axes: dims)
    let variance = variance ?? {
        switch algorithm {
        case .stable:
            let centered = x - mean
            return (centered * centered).meanKeepingDims(axes: dims)
        case .fast:
            // The one-pass form can come out slightly negative; JAX clips it at 0.
            return maximum(0, (x * x).meanKeepingDims(axes: dims) - mean * mean)
        }
    }()
    return (x - mean) * rsqrt(variance + epsilon)
}

import XLAIR

// `jax.nn.softmax`, `jax.nn.log_softmax` and `jax.nn.logsumexp`, with JAX's
// max subtraction for stability; as in JAX, the subtracted max is wrapped in
// `stopGradient` (the functions do not depend on it).
// JAX's `where` masks and logsumexp's `b` weights and `return_sign` are not
// offered yet.

/// The softmax along `axis`: `exp(x - max) / sum(exp(x - max))`
/// (`jax.nn.softmax`), so that the elements along `axis` sum to 1.
///
/// A `+inf` input gives NaN along its axis, as in JAX (`inf / inf`); a
/// bad axis gives a poisoned tensor whose error names `softmax`.
///
/// ```swift
/// let p = softmax(Tensor([[1.0, 2, 3], [0, 0, 0]]))  // rows sum to 1
/// ```
public func softmax(_ x: Tensor, axis: Int = -1, file: String = #fileID, line: Int = #line) -> Tensor {
    softmax(x, axes: [axis], file: file, line: line)
}

/// The softmax over several `axes` jointly (all axes when nil), as
/// `jax.nn.softmax(x, axis=(...))` or `axis=None`.
public func softmax(_ x: Tensor, axes: [Int]?, file: String = #fileID, line: Int = #line) -> Tensor {
    guard let dims = Tensor.normalize(axes: axes ?? Array(0..<x.rank), rank: x.rank) else {
        return x.invalidAxes(axes, for: "softmax", file: file, line: line)
    }
    let unnormalized = exp(x - stopGradient(x.maxKeepingDims(axes: dims)))
    return unnormalized / unnormalized.sum(axes: dims, keepDims: true)
}

/// The logarithm of the softmax along `axis`, computed as
/// `(x - max) - log(sum(exp(x - max)))` (`jax.nn.log_softmax`).
///
/// A bad axis gives a poisoned tensor whose error names `log_softmax`.
public func logSoftmax(_ x: Tensor, axis: Int = -1, file: String = #fileID, line: Int = #line) -> Tensor {
    logSoftmax(x, axes: [axis], file: file, line: line)
}

/// The log-softmax over several `axes` jointly (all axes when nil).
public func logSoftmax(_ x: Tensor, axes: [Int]?, file: String = #fileID, line: Int = #line) -> Tensor {
    guard let dims = Tensor.normalize(axes: axes ?? Array(0..<x.rank), rank: x.rank) else {
        return x.invalidAxes(axes, for: "log_softmax", file: file, line: line)
    }
    let shifted = x - stopGradient(x.maxKeepingDims(axes: dims))
    return shifted - log(exp(shifted).sum(axes: dims, keepDims: true))
}

/// `log(sum(exp(x)))` over `axes` (all axes when nil) without overflow
/// (`jax.nn.logsumexp`, `jax.scipy.special.logsumexp`).
///
/// The max is subtracted first, replaced by 0 where it is not finite, so
/// that all `-inf` gives `-inf` and a `+inf` gives `+inf`. Integers become
/// floats. A bad axis gives a poisoned tensor whose error names `logsumexp`.
///
/// - Parameter keepDims: whether the reduced axes stay as size-1 dimensions.
public func logsumexp(_ x: Tensor, axes: [Int]? = nil, keepDims: Bool = false,
                      file: String = #fileID, line: Int = #line) -> Tensor {
    let x = x.promotedToInexact
    guard let dims = Tensor.normalize(axes: axes ?? Array(0..<x.rank), rank: x.rank) else {
        return x.invalidAxes(axes, for: "logsumexp", file: file, line: line)
    }
    let rawMax = x.maxKeepingDims(axes: dims)
    let max = stopGradient(select(isFinite(rawMax), rawMax, x.constant(0)))
    let total = abs(exp(x - max).sum(axes: dims, keepDims: keepDims))
    return log(total) + (keepDims ? max : max.squeezed(axes: dims))
}

/// `log(sum(exp(x)))` along one `axis` (`jax.nn.logsumexp(x, axis=...)`).
public func logsumexp(_ x: Tensor, axis: Int, keepDims: Bool = false,
                      file: String = #fileID, line: Int = #line) -> Tensor {
    logsumexp(x, axes: [axis], keepDims: keepDims, file: file, line: line)
}

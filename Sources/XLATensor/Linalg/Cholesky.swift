import XLAIR

/// The Cholesky factor of symmetric positive-definite matrices
/// (`jnp.linalg.cholesky`): lower-triangular `L` with `a = L Lᵀ`, or upper
/// `U = Lᵀ` with `a = Uᵀ U` when `upper`.
///
/// ```swift
/// let a = Tensor([[2.0, 1], [1, 2]])
/// let l = cholesky(a)   // [[1.4142135, 0], [0.70710677, 1.2247449]]
/// ```
///
/// As in JAX, a matrix that is not positive definite gives NaN in its whole
/// triangle (and zeros in the other one), and integer inputs are promoted
/// to float32. Differentiable (JAX's rule) and batched over leading axes.
///
/// - Parameters:
///   - a: a batch of square matrices `[..., n, n]` of float32 or float64
///     (or integers); other shapes and float types give a typed error.
///   - upper: return the upper factor `Lᵀ` instead of `L`.
///   - symmetrizeInput: factor `(a + aᵀ) / 2` (JAX's default, with a
///     symmetric gradient); when false only the lower triangle of `a` is read.
public func cholesky(_ a: Tensor, upper: Bool = false, symmetrizeInput: Bool = true,
                     file: String = #fileID, line: Int = #line) -> Tensor {
    let place = location(file, line)
    var x = a.factorizationOperand("cholesky", square: true, location: place)
    if x.error != nil { return x }
    if symmetrizeInput { x = (x + x.matrixTransposed) / 2 }
    let raw = Tensor.apply(.cholesky, [x], location: place, fallback: x.type).triangle(lower: true)
    // LAPACK reports a failure, and JAX then fills the factor with NaN.
    let failed = (raw .!= raw).any(axes: [-2, -1], keepDims: true)
    let factor = select(failed, Tensor(Double.nan, dtype: x.dtype), raw).triangle(lower: true)
    return upper ? factor.matrixTransposed : factor
}

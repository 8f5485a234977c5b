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
    let raw = blockedCholesky(x, location: place)
    // LAPACK reports a failure, and JAX then fills the factor with NaN.
    let failed = (raw .!= raw).any(axes: [-2, -1], keepDims: true)
    let factor = select(failed, Tensor(Double.nan, dtype: x.dtype), raw).triangle(lower: true)
    return upper ? factor.matrixTransposed : factor
}

/// Matrices up to this size are factored by one `cholesky` op.
let choleskyLeafSize = 32

/// The lower Cholesky factor of `a`'s lower triangle, zero above, by
/// recursive blocking: `L₁₁ = chol(A₁₁)`, `L₂₁ = A₂₁ L₁₁⁻ᵀ`,
/// `L₂₂ = chol(A₂₂ - L₂₁ L₂₁ᵀ)`. XLA expands a `cholesky` op into one loop
/// trip per column, slow beyond small sizes (11.6 ms at 256x256, against
/// 0.9 ms this way); the solves and products here run as blocked kernels.
/// Each piece has JAX's rules, so the gradient is the one of the whole
/// (which reads the lower triangle only, like the op).
func blockedCholesky(_ a: Tensor, location: String?) -> Tensor {
    let n = a.shape[a.rank - 1]
    guard n > choleskyLeafSize else {
        return Tensor.apply(.cholesky, [a], location: location, fallback: a.type).triangle(lower: true)
    }
    // The first block a multiple of the leaf size, so that the leaves are full.
    let half = Swift.max(choleskyLeafSize, (n / 2) / choleskyLeafSize * choleskyLeafSize)
    let (head, tail) = (TensorIndex.upTo(half), TensorIndex.from(half))
    let l11 = blockedCholesky(a[.ellipsis, head, head], location: location)
    let l21 = triangularSolve(l11, a[.ellipsis, tail, head], lower: true, transposeA: true)
    let l22 = blockedCholesky(a[.ellipsis, tail, tail] - matmul(l21, l21.matrixTransposed), location: location)
    let upperRight = Tensor.zeros(Array(a.shape.dropLast(2)) + [half, n - half], dtype: a.dtype)
    return concatenate([concatenate([l11, upperRight], axis: -1), concatenate([l21, l22], axis: -1)], axis: -2)
}

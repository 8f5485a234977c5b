import XLAIR

/// Solves a triangular system (`lax.linalg.triangular_solve`): `x` with
/// `op(a) x = b` when `leftSide`, else `x op(a) = b`, where `op(a)` is `a`
/// or, with `transposeA`, `aᵀ`.
///
/// ```swift
/// let a = Tensor([[2.0, 0], [1, 4]])
/// let x = triangularSolve(a, Tensor([[2.0], [9]]), leftSide: true, lower: true)   // [[1], [2]]
/// ```
///
/// The defaults are JAX's (right side, upper triangle). Only the triangle
/// `lower` names is read, and with `unitDiagonal` not its diagonal, which is
/// taken as ones. Differentiable in both operands (JAX's rules) and batched
/// over leading axes. There is no `conjugateA`: without complex types it
/// would change nothing.
///
/// - Parameters:
///   - a: triangular matrices `[..., m, m]`.
///   - b: `[..., m, n]` when `leftSide`, else `[..., n, m]`, with `a`'s
///     batch dimensions and float type; or one vector per matrix
///     (`[..., m]`), as JAX accepts.
/// - Returns: `x`, of `b`'s shape. Integer operands, different float types,
///   non-square `a` and mismatched shapes give a typed error, as in JAX.
public func triangularSolve(_ a: Tensor, _ b: Tensor, leftSide: Bool = false, lower: Bool = false,
                            transposeA: Bool = false, unitDiagonal: Bool = false,
                            file: String = #fileID, line: Int = #line) -> Tensor {
    let place = location(file, line)
    let isVector = b.rank == a.rank - 1
    let matrices = isVector ? b.expandingDimensions(axis: leftSide ? -1 : -2) : b
    let problem: String? = if let problem = a.matrixProblem(square: true) {
        "a \(problem)"
    } else if !a.dtype.isFloatingPoint || a.dtype != b.dtype {
        "needs operands of one float type, not \(a.dtype) and \(b.dtype)"
    } else if matrices.rank != a.rank || matrices.shape.dropLast(2) != a.shape.dropLast(2)
                || matrices.shape[matrices.rank - (leftSide ? 2 : 1)] != a.shape[a.rank - 1] {
        "b of shape \(b.shape) does not fit a of shape \(a.shape) (\(leftSide ? "left" : "right") side)"
    } else {
        nil
    }
    if let problem {
        return .invalid("triangularSolve", [a, b], problem, location: place, result: b.type)
    }
    let attributes = TriangularSolve.attributes(leftSide: leftSide, lower: lower, transposeA: transposeA,
                                                unitDiagonal: unitDiagonal)
    let x = Tensor.apply(.triangularSolve, [a, matrices], attributes: attributes, location: place, fallback: matrices.type)
    return isVector ? x.reshaped(b.shape) : x
}

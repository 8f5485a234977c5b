import XLAIR

// Helpers shared by the factorizations and solves: matrix transposes,
// triangles and the checks that turn bad operands into typed errors.

extension Tensor {
    /// The matrices with their last two axes swapped (NumPy's `x.mT`).
    var matrixTransposed: Tensor { transposed(Array(0..<(rank - 2)) + [rank - 1, rank - 2]) }

    /// The matrices where `column - row` is at most `offset` (`lower`,
    /// `jnp.tril`) or at least `offset` (`jnp.triu`), zero elsewhere.
    func triangle(lower: Bool, offset: Int = 0) -> Tensor {
        let (rows, columns) = (shape[rank - 2], shape[rank - 1])
        let difference = Tensor.arange(columns).reshaped([1, columns]) - Tensor.arange(rows).reshaped([rows, 1])
        let bound = Tensor(Int32(offset))
        return select(lower ? difference .<= bound : difference .>= bound, self, Tensor.zeros([], dtype: dtype))
    }

    /// Why this tensor is not a batch of matrices (of square ones when
    /// `square`), or nil when it is.
    func matrixProblem(square: Bool) -> String? {
        guard rank >= 2 else { return "needs a batch of matrices (rank 2 or more), not shape \(shape)" }
        let (rows, columns) = (shape[rank - 2], shape[rank - 1])
        if square && rows != columns { return "needs square matrices, not \(rows)x\(columns) (shape \(shape))" }
        return nil
    }

    /// The operand of a `jnp.linalg` factorization: integers and bools
    /// promoted to a float type as JAX's `promote_dtypes_inexact` does,
    /// then checked; a poisoned tensor naming `function` when the shape is
    /// not a batch of (square) matrices or the float type is one LAPACK
    /// lacks (float16, bfloat16), as JAX rejects them.
    func factorizationOperand(_ function: String, square: Bool, location: String?) -> Tensor {
        let promoted = promotedToInexact
        let problem = matrixProblem(square: square)
            ?? ([.float32, .float64].contains(promoted.dtype) ? nil
                : "accepts float32 and float64 (and integers, which it promotes), not \(dtype)")
        guard let problem else { return promoted }
        return .invalid(function, [self], problem, location: location, result: promoted.type)
    }
}

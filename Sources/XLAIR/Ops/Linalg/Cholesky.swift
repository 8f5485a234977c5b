/// `cholesky`: the lower Cholesky factor `L` of each symmetric
/// positive-definite matrix of a batch `[..., n, n]`, with `A = L Lᵀ`.
///
/// Only the lower triangle of the operand is read, and only the lower
/// triangle of the result is defined (XLA leaves the rest unspecified); a
/// matrix that is not positive definite gives NaNs from its first failing
/// column on. The tensor layer masks both, and factors matrices larger than
/// 32x32 in blocks of this op (`cholesky(_:upper:symmetrizeInput:)`).
///
/// Lowering: `stablehlo.cholesky`, which XLA expands into loops of its own
/// ops (a blocked algorithm), so no LAPACK custom call is needed.
public struct Cholesky: OpDefinition {
    /// `cholesky`.
    public let name = "cholesky"

    /// The operand's type, which must be a batch of square float matrices.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        try context.expectOperands(1)
        let shape = try context.matrixShape(0)
        guard shape[shape.count - 1] == shape[shape.count - 2] else {
            throw context.invalid("the matrices must be square, not \(shape.suffix(2).map(String.init).joined(separator: "x"))")
        }
        return [context.operandTypes[0]]
    }

    /// `stablehlo.cholesky` of the lower triangle.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) {
        writer.operation("stablehlo.cholesky", instruction, properties: ["lower = true"])
    }
}

extension Op {
    /// Cholesky factorization; see ``Cholesky``.
    public static let cholesky = Op(Cholesky())
}

extension Cholesky {
    /// JAX's rule (the transpose of its forward-mode rule, arXiv:1602.07527):
    /// with `L` the factor and `Φ` keeping the lower triangle with its
    /// diagonal halved, `S = L⁻ᵀ Φ(Lᵀ L̄) L⁻¹`; the operand's cotangent is
    /// `S`'s lower triangle plus the strict lower triangle of `Sᵀ`, since
    /// the op reads the lower triangle as a symmetric matrix.
    public var differentiability: Differentiability {
        .differentiable { e in
            let factor = try e.lowerTriangle(e.results[0])
            let cotangent = try e.lowerTriangle(try e.cotangent())
            let product = try e.matmul(try e.matrixTranspose(factor), cotangent)
            let halvedDiagonal = try e.sub(try e.lowerTriangle(product),
                                           try e.mul(try e.diagonal(product), try e.constant(0.5, product.type)))
            let left = try e.triangularSolve(factor, halvedDiagonal, leftSide: true, lower: true, transposeA: true,
                                             unitDiagonal: false)
            let s = try e.triangularSolve(factor, left, leftSide: false, lower: true, transposeA: false, unitDiagonal: false)
            let symmetric = try e.add(try e.lowerTriangle(s), try e.triangle(try e.matrixTranspose(s), "LE", offset: -1))
            return [symmetric]
        }
    }

    /// Natively batched: the batch dimension moves to the front.
    public var batching: Batching {
        .rule { e in try e.leadingUnary(.cholesky, attributes: [:]) }
    }
}

/// `triangular_solve(a, b)`: solves `op(a) x = b` (`left_side`) or
/// `x op(a) = b` for `x`, where `a` is a batch of triangular matrices
/// `[..., m, m]` and `op` transposes when `transpose_a`.
///
/// `b` is `[..., m, n]` (left side) or `[..., n, m]`, with `a`'s batch
/// dimensions. Only the triangle of `a` that `lower` names is read, and
/// not its diagonal when `unit_diagonal` (taken as ones).
///
/// Lowering: `stablehlo.triangular_solve`, which XLA expands into its own
/// ops, so no LAPACK custom call is needed.
public struct TriangularSolve: ConfiguredOp {
    /// `triangular_solve`.
    public let name = "triangular_solve"

    /// The attributes: four flags.
    public struct Configuration: OpConfiguration {
        /// Whether `op(a) x = b` (else `x op(a) = b`).
        public var leftSide: Bool
        /// Whether `a` is lower triangular (else upper).
        public var lower: Bool
        /// Whether `op` transposes `a`.
        public var transposeA: Bool
        /// Whether `a`'s diagonal is taken as ones.
        public var unitDiagonal: Bool

        /// The given flags.
        public init(leftSide: Bool, lower: Bool, transposeA: Bool, unitDiagonal: Bool) {
            (self.leftSide, self.lower, self.transposeA, self.unitDiagonal) = (leftSide, lower, transposeA, unitDiagonal)
        }

        /// Reads `left_side`, `lower`, `transpose_a` and `unit_diagonal`.
        public init(_ attributes: AttributeReader) throws {
            try self.init(leftSide: attributes.bool("left_side"), lower: attributes.bool("lower"),
                          transposeA: attributes.bool("transpose_a"), unitDiagonal: attributes.bool("unit_diagonal"))
        }

        /// The instruction attributes that hold it.
        public var attributes: Attributes {
            ["left_side": .bool(leftSide), "lower": .bool(lower), "transpose_a": .bool(transposeA),
             "unit_diagonal": .bool(unitDiagonal)]
        }
    }

    /// The four flags, all required.
    public var attributeSchema: [AttributeSpec] {
        ["left_side", "lower", "transpose_a", "unit_diagonal"].map { AttributeSpec($0, .bool) }
    }

    /// The attributes for the given flags.
    public static func attributes(leftSide: Bool, lower: Bool, transposeA: Bool, unitDiagonal: Bool) -> Attributes {
        Configuration(leftSide: leftSide, lower: lower, transposeA: transposeA, unitDiagonal: unitDiagonal).attributes
    }

    /// `b`'s type.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        try context.expectOperands(2)
        let (a, b) = (try context.matrixShape(0), try context.matrixShape(1))
        guard context.operandTypes[0].elementType == context.operandTypes[1].elementType else {
            throw context.invalid("both operands must have one element type")
        }
        let m = a[a.count - 1]
        guard a[a.count - 2] == m else { throw context.invalid("a must be a batch of square matrices, not \(a)") }
        guard a.dropLast(2) == b.dropLast(2) else {
            throw context.invalid("a and b must have the same batch dimensions, not \(a.dropLast(2)) and \(b.dropLast(2))")
        }
        let leftSide = try configuration(of: context).leftSide
        let shared = b[b.count - (leftSide ? 2 : 1)]
        guard shared == m else {
            throw context.invalid("b's \(leftSide ? "rows" : "columns") (\(shared)) must match a's size \(m)")
        }
        return [context.operandTypes[1]]
    }

    /// `stablehlo.triangular_solve`.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) throws {
        let c = try configuration(of: instruction)
        writer.operation("stablehlo.triangular_solve", instruction, properties: [
            "left_side = \(c.leftSide)", "lower = \(c.lower)", "unit_diagonal = \(c.unitDiagonal)",
            "transpose_a = #stablehlo<transpose \(c.transposeA ? "TRANSPOSE" : "NO_TRANSPOSE")>",
        ])
    }
}

extension Op {
    /// Triangular solve; see ``TriangularSolve``.
    public static let triangularSolve = Op(TriangularSolve())
}

extension TriangularSolve {
    /// JAX's rules: `b`'s cotangent solves with `op(a)` transposed; `a`'s is
    /// `-b̄ xᵀ` (left side) or `-xᵀ b̄`, transposed back when `transpose_a`,
    /// restricted to the triangle the op reads.
    public var differentiability: Differentiability {
        .differentiable { e in
            let c = try configuration(e.attributes, at: e.location)
            let (leftSide, lower, transposeA, unitDiagonal) = (c.leftSide, c.lower, c.transposeA, c.unitDiagonal)
            let (a, x) = (e.operands[0], e.results[0])
            let b = try e.triangularSolve(a, try e.cotangent(), leftSide: leftSide, lower: lower,
                                          transposeA: !transposeA, unitDiagonal: unitDiagonal)
            var product = leftSide ? try e.matmul(b, try e.matrixTranspose(x)) : try e.matmul(try e.matrixTranspose(x), b)
            if transposeA { product = try e.matrixTranspose(product) }
            let offset = unitDiagonal ? (lower ? -1 : 1) : 0
            let masked = try e.triangle(product, lower ? "LE" : "GE", offset: offset)
            return [try e.neg(masked), b]
        }
    }

    /// Natively batched: both operands get the batch dimension in front.
    public var batching: Batching {
        .rule { e in
            try e.append(.triangularSolve, [try e.leading(0), try e.leading(1)], attributes: e.attributes).map { ($0, 0) }
        }
    }
}

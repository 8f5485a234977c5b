/// `transpose`: result dimension `i` is operand dimension `permutation[i]`.
public struct Transpose: ConfiguredOp {
    /// `transpose`.
    public let name = "transpose"

    /// The attribute: the permutation.
    public struct Configuration: OpConfiguration {
        /// Result dimension `i` is operand dimension `permutation[i]`.
        public var permutation: [Int]

        /// A transpose by `permutation`.
        public init(permutation: [Int]) { self.permutation = permutation }

        /// Reads `permutation`.
        public init(_ attributes: AttributeReader) throws { permutation = try attributes.ints("permutation") }

        /// The instruction attributes that hold it.
        public var attributes: Attributes { ["permutation": .ints(permutation)] }
    }

    /// `permutation`.
    public var attributeSchema: [AttributeSpec] { [AttributeSpec("permutation", .ints)] }

    /// The permuted type.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        try context.expectOperands(1)
        let operand = context.operandTypes[0]
        let permutation = try configuration(of: context).permutation
        try context.checkLength(permutation, rank: operand.shape.count, attribute: "permutation")
        try context.checkDimensions(permutation, rank: operand.shape.count, attribute: "permutation")
        return [TensorType(operand.elementType, permutation.map { operand.shape[$0] })]
    }

    /// `stablehlo.transpose`.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) throws {
        let permutation = try configuration(of: instruction).permutation
        writer.operation("stablehlo.transpose", instruction,
                         properties: ["permutation = \(StableHLOWriter.i64Array(permutation))"])
    }

    /// Transposes a constant.
    public func fold(_ operands: [Literal], _ instruction: Instruction) -> [Literal]? {
        guard let permutation = try? configuration(of: instruction).permutation else { return nil }
        let operand = operands[0]
        return [operand.reindexed(into: instruction.resultTypes[0]) { index in
            var source = index
            for (resultDimension, operandDimension) in permutation.enumerated() { source[operandDimension] = index[resultDimension] }
            return Literal.position(of: source, in: operand.type.shape)
        }]
    }
}

extension Op {
    /// Permuting dimensions; see ``Transpose``.
    public static let transpose = Op(Transpose())
}

extension Transpose {
    /// The cotangent transposed by the inverse permutation.
    public var differentiability: Differentiability {
        .differentiable { e in
            let permutation = try configuration(e.attributes, at: e.location).permutation
            var inverse = Array(repeating: 0, count: permutation.count)
            for (index, dimension) in permutation.enumerated() { inverse[dimension] = index }
            return [try e.apply(.transpose, try e.cotangent(), attributes: ["permutation": .ints(inverse)])]
        }
    }
}

extension Transpose {
    /// The batch dimension stays first; the others are permuted as before.
    public var batching: Batching {
        .rule { e in
            let permutation = try configuration(e.attributes, at: e.location).permutation
            return try e.leadingUnary(.transpose, attributes: Configuration(permutation: [0] + e.shifted(permutation)).attributes)
        }
    }
}

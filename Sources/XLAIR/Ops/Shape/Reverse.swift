/// `reverse`: the operand with the order of elements reversed along `dimensions`.
public struct Reverse: ConfiguredOp {
    /// `reverse`.
    public let name = "reverse"

    /// The attribute: the reversed dimensions.
    public struct Configuration: OpConfiguration {
        /// The dimensions reversed.
        public var dimensions: [Int]

        /// A reversal along `dimensions`.
        public init(dimensions: [Int]) { self.dimensions = dimensions }

        /// Reads `dimensions`.
        public init(_ attributes: AttributeReader) throws { dimensions = try attributes.ints("dimensions") }

        /// The instruction attributes that hold it.
        public var attributes: Attributes { ["dimensions": .ints(dimensions)] }
    }

    /// `dimensions`.
    public var attributeSchema: [AttributeSpec] { [AttributeSpec("dimensions", .ints)] }

    /// The operand's type.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        try context.expectOperands(1)
        try context.checkDimensions(try configuration(of: context).dimensions, rank: context.operandTypes[0].shape.count,
                                    attribute: "dimensions")
        return [context.operandTypes[0]]
    }

    /// `stablehlo.reverse`.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) throws {
        let dimensions = try configuration(of: instruction).dimensions
        writer.operation("stablehlo.reverse", instruction, properties: ["dimensions = \(StableHLOWriter.i64Array(dimensions))"])
    }

    /// Reverses a constant.
    public func fold(_ operands: [Literal], _ instruction: Instruction) -> [Literal]? {
        guard let dimensions = try? configuration(of: instruction).dimensions else { return nil }
        let shape = operands[0].type.shape
        return [operands[0].reindexed(into: instruction.resultTypes[0]) { index in
            var source = index
            for dimension in dimensions { source[dimension] = shape[dimension] - 1 - index[dimension] }
            return Literal.position(of: source, in: shape)
        }]
    }
}

extension Op {
    /// Reversal along dimensions; see ``Reverse``.
    public static let reverse = Op(Reverse())
}

extension Reverse {
    /// The cotangent reversed along the same dimensions.
    public var differentiability: Differentiability {
        .differentiable { e in [try e.apply(.reverse, try e.cotangent(), attributes: e.attributes)] }
    }
}

extension Reverse {
    /// The same dimensions, past the batch dimension.
    public var batching: Batching {
        .rule { e in
            let dimensions = try configuration(e.attributes, at: e.location).dimensions
            return try e.leadingUnary(.reverse, attributes: Configuration(dimensions: e.shifted(dimensions)).attributes)
        }
    }
}

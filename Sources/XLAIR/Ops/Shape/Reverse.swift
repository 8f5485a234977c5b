/// `reverse`: the operand with the order of elements reversed along `dimensions`.
public struct Reverse: OpDefinition {
    /// `reverse`.
    public let name = "reverse"

    /// `dimensions`.
    public var attributeSchema: [AttributeSpec] { [AttributeSpec("dimensions", .ints)] }

    /// The operand's type.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        try context.expectOperands(1)
        try context.checkDimensions(context.ints("dimensions"), rank: context.operandTypes[0].shape.count,
                                    attribute: "dimensions")
        return [context.operandTypes[0]]
    }

    /// `stablehlo.reverse`.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) {
        guard let dimensions = instruction.attributes.ints("dimensions") else { return }
        writer.operation("stablehlo.reverse", instruction, properties: ["dimensions = \(StableHLOWriter.i64Array(dimensions))"])
    }

    /// Reverses a constant.
    public func fold(_ operands: [Literal], _ instruction: Instruction) -> [Literal]? {
        guard let dimensions = instruction.attributes.ints("dimensions") else { return nil }
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
            try e.leadingUnary(.reverse, attributes: ["dimensions": .ints(e.shifted(e.attributes.ints("dimensions") ?? []))])
        }
    }
}

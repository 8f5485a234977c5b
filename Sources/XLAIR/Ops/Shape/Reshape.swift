/// `reshape`: the same elements, row-major, in `shape`.
public struct Reshape: OpDefinition {
    /// `reshape`.
    public let name = "reshape"

    /// `shape`.
    public var attributeSchema: [AttributeSpec] { [AttributeSpec("shape", .ints)] }

    /// The operand's element type with `shape`.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        try context.expectOperands(1)
        let operand = context.operandTypes[0]
        let result = TensorType(operand.elementType, context.ints("shape"))
        guard result.shape.allSatisfy({ $0 >= 0 }), result.checkedElementCount == operand.elementCount else {
            throw context.invalid("shape \(result.shape) does not hold \(operand.elementCount) elements")
        }
        return [result]
    }

    /// `stablehlo.reshape`.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) {
        writer.operation("stablehlo.reshape", instruction)
    }

    /// The same bytes with the new shape.
    public func fold(_ operands: [Literal], _ instruction: Instruction) -> [Literal]? {
        [Literal(type: instruction.resultTypes[0], bytes: operands[0].bytes)]
    }
}

extension Op {
    /// Reshaping; see ``Reshape``.
    public static let reshape = Op(Reshape())
}

extension Reshape {
    /// The cotangent reshaped back.
    public var differentiability: Differentiability {
        .differentiable { e in [try e.reshape(try e.cotangent(), e.operands[0].type.shape)] }
    }
}

extension Reshape {
    /// Each example reshaped: the batch dimension leads both shapes.
    public var batching: Batching {
        .rule { e in try e.leadingUnary(.reshape, attributes: ["shape": e.prepending(e.axisSize, to: "shape")]) }
    }
}

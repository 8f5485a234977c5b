/// `reshape`: the same elements, row-major, in `shape`.
public struct Reshape: ConfiguredOp {
    /// `reshape`.
    public let name = "reshape"

    /// The attribute: the result's shape.
    public struct Configuration: OpConfiguration {
        /// The result's shape.
        public var shape: [Int]

        /// A reshape to `shape`.
        public init(shape: [Int]) { self.shape = shape }

        /// Reads `shape`.
        public init(_ attributes: AttributeReader) throws { shape = try attributes.ints("shape") }

        /// The instruction attributes that hold it.
        public var attributes: Attributes { ["shape": .ints(shape)] }
    }

    /// `shape`.
    public var attributeSchema: [AttributeSpec] { [AttributeSpec("shape", .ints)] }

    /// The operand's element type with `shape`.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        try context.expectOperands(1)
        let operand = context.operandTypes[0]
        let result = TensorType(operand.elementType, try configuration(of: context).shape)
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
        .rule { e in
            let shape = try configuration(e.attributes, at: e.location).shape
            return try e.leadingUnary(.reshape, attributes: Configuration(shape: [e.axisSize] + shape).attributes)
        }
    }
}

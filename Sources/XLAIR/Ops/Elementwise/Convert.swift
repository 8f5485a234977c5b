/// `convert`: each element converted to `element_type` (floats round to
/// nearest, float to integer truncates toward zero, nonzero becomes
/// `true`). Conversions between integer and bool types fold.
public struct Convert: ConfiguredOp {
    /// `convert`.
    public let name = "convert"

    /// The attribute: the target element type.
    public typealias Configuration = ConversionTarget

    /// `element_type`, the target.
    public var attributeSchema: [AttributeSpec] { [AttributeSpec("element_type", .elementType)] }

    /// The operand's shape with the target element type.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        try context.expectOperands(1)
        return [TensorType(try configuration(of: context).elementType, context.operandTypes[0].shape)]
    }

    /// `stablehlo.convert`.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) {
        writer.operation("stablehlo.convert", instruction)
    }

    /// Converts integer and bool constants to integer or bool types.
    public func fold(_ operands: [Literal], _ instruction: Instruction) -> [Literal]? {
        let type = instruction.resultTypes[0]
        guard !operands[0].type.elementType.isFloatingPoint, !type.elementType.isFloatingPoint else { return nil }
        return [Literal(type: type, bitPatterns: (0..<type.elementCount).map {
            operands[0].scalar(at: $0).bits(as: type.elementType)
        })]
    }
}

extension Op {
    /// Elementwise type conversion; see ``Convert``.
    public static let convert = Op(Convert())
}

extension Convert {
    /// Float to float: the cotangent converted back; from or to integers: zero.
    public var differentiability: Differentiability {
        .differentiable { e in
            let source = e.operands[0].type.elementType
            guard source.isFloatingPoint, e.results[0].type.elementType.isFloatingPoint else { return [nil] }
            return [try e.convert(try e.cotangent(), to: source)]
        }
    }
}

extension Convert {
    /// Batched elementwise.
    public var batching: Batching { .elementwise }
}

/// The configuration of ``Convert`` and ``BitcastConvert``: the element
/// type converted to.
public struct ConversionTarget: OpConfiguration {
    /// The element type converted to.
    public var elementType: ElementType

    /// Reads `element_type`.
    public init(_ attributes: AttributeReader) throws { elementType = try attributes.elementType("element_type") }
}

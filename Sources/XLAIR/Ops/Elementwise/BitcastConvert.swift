/// `bitcast_convert`: reinterprets each element's bits as `element_type`.
///
/// Equal widths keep the shape; converting to a narrower type appends a
/// dimension of the width ratio, to a wider one removes a last dimension
/// equal to the ratio. Equal-width constants fold (the bytes do not change).
public struct BitcastConvert: ConfiguredOp {
    /// `bitcast_convert`.
    public let name = "bitcast_convert"

    /// The attribute: the target element type.
    public typealias Configuration = ConversionTarget

    /// `element_type`, the target.
    public var attributeSchema: [AttributeSpec] { [AttributeSpec("element_type", .elementType)] }

    /// The reinterpreted type.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        try context.expectOperands(1)
        let operand = context.operandTypes[0]
        let target = try configuration(of: context).elementType
        let (from, to) = (operand.elementType.byteCount, target.byteCount)
        if from == to { return [TensorType(target, operand.shape)] }
        if from > to { return [TensorType(target, operand.shape + [from / to])] }
        guard operand.shape.last == to / from else {
            throw context.invalid("bitcasting to the wider \(target) needs a last dimension of \(to / from)")
        }
        return [TensorType(target, Array(operand.shape.dropLast()))]
    }

    /// `stablehlo.bitcast_convert`.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) {
        writer.operation("stablehlo.bitcast_convert", instruction)
    }

    /// Relabels the bytes of an equal-width constant.
    public func fold(_ operands: [Literal], _ instruction: Instruction) -> [Literal]? {
        let type = instruction.resultTypes[0]
        guard type.elementType.byteCount == operands[0].type.elementType.byteCount else { return nil }
        return [Literal(type: type, bytes: operands[0].bytes)]
    }
}

extension Op {
    /// Bit reinterpretation; see ``BitcastConvert``.
    public static let bitcastConvert = Op(BitcastConvert())
}

extension BitcastConvert {
    /// Not differentiable: every operand cotangent is zero.
    public var differentiability: Differentiability { .zeroGradient }
}

extension BitcastConvert {
    /// The batch dimension moves first; the element width may change the
    /// trailing dimension, never the leading one.
    public var batching: Batching {
        .rule { e in try e.leadingUnary(.bitcastConvert, attributes: e.attributes) }
    }
}

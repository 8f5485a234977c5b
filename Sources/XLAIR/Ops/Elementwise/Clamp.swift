/// `clamp(min, x, max)`: `x` limited to `[min, max]` elementwise; `min` and
/// `max` are scalars or have `x`'s shape. Integer constants fold.
public struct Clamp: OpDefinition {
    /// `clamp`.
    public let name = "clamp"

    /// The type of `x`.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        try context.expectOperands(3)
        let (low, operand, high) = (context.operandTypes[0], context.operandTypes[1], context.operandTypes[2])
        for bound in [low, high] {
            guard bound.elementType == operand.elementType, bound.shape.isEmpty || bound.shape == operand.shape else {
                throw context.invalid("the bounds must have x's element type and be scalars or have x's shape")
            }
        }
        guard operand.elementType != .bool else { throw context.invalid("it needs numeric elements, not bool") }
        return [operand]
    }

    /// `stablehlo.clamp`.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) {
        writer.operation("stablehlo.clamp", instruction)
    }

    /// Clamps integer constants.
    public func fold(_ operands: [Literal], _ instruction: Instruction) -> [Literal]? {
        let type = instruction.resultTypes[0]
        let expanded = operands.map { $0.elementCount == type.elementCount ? $0 : .splat($0.scalar(at: 0), as: type) }
        return foldIntegers([expanded[1], expanded[0], expanded[2]], into: type) { values, elementType in
            let raised = BinaryElementwise.less(values[0], values[1], elementType) ? values[1] : values[0]
            return BinaryElementwise.less(values[2], raised, elementType) ? values[2] : raised
        }
    }
}

extension Op {
    /// Elementwise clamping; see ``Clamp``.
    public static let clamp = Op(Clamp())
}

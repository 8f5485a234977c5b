/// `constant`: a dense literal, attribute `value`.
public struct Constant: OpDefinition {
    /// `constant`.
    public let name = "constant"

    /// `value`, the literal.
    public var attributeSchema: [AttributeSpec] { [AttributeSpec("value", .literal)] }

    /// The literal's type.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        try context.expectOperands(0)
        guard let literal = context.attributes.literal("value") else { return [] }
        return [literal.type]
    }

    /// `stablehlo.constant`, floats as exact hex, booleans as lists.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) {
        guard let literal = instruction.attributes.literal("value") else { return }
        writer.operation("stablehlo.constant", instruction, properties: ["value = \(literal.stableHLOText)"])
    }

    /// The literal of a `constant` instruction, or nil for any other.
    public static func literal(of instruction: Instruction) -> Literal? {
        guard instruction.op == .constant, let literal = instruction.attributes.literal("value") else { return nil }
        return literal
    }
}

extension Op {
    /// A dense literal; see ``Constant``.
    public static let constant = Op(Constant())
}

extension Constant {
    /// Not differentiable: every operand cotangent is zero.
    public var differentiability: Differentiability { .zeroGradient }
}

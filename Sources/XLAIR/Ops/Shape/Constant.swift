/// `constant`: a dense literal, attribute `value`.
public struct Constant: ConfiguredOp {
    /// `constant`.
    public let name = "constant"

    /// The attribute: the literal.
    public struct Configuration: OpConfiguration {
        /// The constant's value.
        public var value: Literal

        /// Reads `value`.
        public init(_ attributes: AttributeReader) throws { value = try attributes.literal("value") }
    }

    /// `value`, the literal.
    public var attributeSchema: [AttributeSpec] { [AttributeSpec("value", .literal)] }

    /// The literal's type.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        try context.expectOperands(0)
        return [try configuration(of: context).value.type]
    }

    /// `stablehlo.constant`, floats as exact hex, booleans as lists.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) throws {
        let literal = try configuration(of: instruction).value
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

    /// Never batched: it has no operands and no regions, so it never reads a
    /// batched value.
    public var batching: Batching { .notBatchable(because: "it reads no values") }
}

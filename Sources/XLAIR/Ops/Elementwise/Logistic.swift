/// `logistic(x) = 1 / (1 + e⁻ˣ)` on floats.
///
/// Lowered as JAX lowers `lax.logistic`, `divide(1, add(1, exponential(negate(x))))`,
/// rather than to `stablehlo.logistic`, whose bfloat16 results differ by an
/// ulp: the same ops give JAX's bits. Differentiated as JAX does, `y·(1 - y)`,
/// which stays finite where `e⁻ˣ` overflows.
public struct Logistic: OpDefinition {
    /// `logistic`.
    public let name = "logistic"

    /// The operand's type.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        try context.expectOperands(1)
        return [try context.sameTypes(in: .float)]
    }

    /// JAX's four-op formula.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) {
        let type = instruction.resultTypes[0]
        let x = (name: writer.name(instruction.operands[0]), type: type)
        let negated = writer.temporary()
        writer.operation("stablehlo.negate", results: [negated], operands: [x], resultTypes: [type])
        let exponential = writer.temporary()
        writer.operation("stablehlo.exponential", results: [exponential], operands: [(negated, type)], resultTypes: [type])
        let one = writer.constant(Literal.splat(.float(1), as: type))
        let sum = writer.temporary()
        writer.operation("stablehlo.add", results: [sum], operands: [(one, type), (exponential, type)], resultTypes: [type])
        writer.operation("stablehlo.divide", results: [writer.name(instruction.results[0])],
                         operands: [(one, type), (sum, type)], resultTypes: [type])
    }

    /// `y·(1 - y)`.
    public var differentiability: Differentiability {
        elementwiseVJP { e, _, y in try e.mul(y, try e.sub(try e.constant(1, y.type), y)) }
    }

    /// Batched elementwise.
    public var batching: Batching { .elementwise }
}

/// `stop_gradient(x)`: `x` unchanged, but differentiation treats it as a
/// constant (`jax.lax.stop_gradient`).
public struct StopGradient: OpDefinition {
    /// `stop_gradient`.
    public let name = "stop_gradient"

    /// The operand's type.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        try context.expectOperands(1)
        return context.operandTypes
    }

    /// An identity: a `stablehlo.reshape` to the same type, which XLA removes.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) {
        writer.operation("stablehlo.reshape", instruction)
    }

    /// Its cotangent is zero.
    public var differentiability: Differentiability { .zeroGradient }
}

extension Op {
    /// An identity that blocks gradients; see ``StopGradient``.
    public static let stopGradient = Op(StopGradient())
}

extension StopGradient {
    /// Batched elementwise.
    public var batching: Batching { .elementwise }
}

/// `sharding_constraint(x)`: `x` unchanged, with the layout XLA's SPMD
/// partitioner must give it at this point (`jax.lax.with_sharding_constraint`),
/// lowered to Shardy's `sdy.sharding_constraint`. The `sharding` attribute
/// holds the Shardy sharding text, `#sdy.sharding<@mesh, [{"data"}, {}]>`,
/// whose mesh the module declares.
public struct ShardingConstraint: OpDefinition {
    /// `sharding_constraint`.
    public let name = "sharding_constraint"

    /// The Shardy sharding text.
    public var attributeSchema: [AttributeSpec] { [AttributeSpec("sharding", .string)] }

    /// The operand's type.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        try context.expectOperands(1)
        return context.operandTypes
    }

    /// `sdy.sharding_constraint` with the sharding as its property.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) {
        writer.operation("sdy.sharding_constraint", instruction,
                         properties: ["sharding = " + (instruction.attributes.string("sharding") ?? "")])
    }

    /// An identity: the cotangent passes through.
    public var differentiability: Differentiability {
        .differentiable { e in [try e.cotangent()] }
    }
}

extension Op {
    /// A layout constraint for the SPMD partitioner; see ``ShardingConstraint``.
    public static let shardingConstraint = Op(ShardingConstraint())
}

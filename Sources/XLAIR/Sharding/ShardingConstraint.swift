/// `sharding_constraint(x)`: `x` unchanged, with the layout XLA's SPMD
/// partitioner must give it at this point (`jax.lax.with_sharding_constraint`),
/// lowered to Shardy's `sdy.sharding_constraint`. The `sharding` attribute
/// holds the Shardy sharding text, `#sdy.sharding<@mesh, [{"data"}, {}]>`,
/// whose mesh the program declares.
public struct ShardingConstraint: ConfiguredOp {
    /// `sharding_constraint`.
    public let name = "sharding_constraint"

    /// The attribute: the Shardy sharding text.
    public struct Configuration: OpConfiguration {
        /// `#sdy.sharding<@mesh, ...>`.
        public var sharding: String

        /// Reads `sharding`.
        public init(_ attributes: AttributeReader) throws { sharding = try attributes.string("sharding") }
    }

    /// The Shardy sharding text.
    public var attributeSchema: [AttributeSpec] { [AttributeSpec("sharding", .string)] }

    /// The operand's type.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        try context.expectOperands(1)
        return context.operandTypes
    }

    /// `sdy.sharding_constraint` with the sharding as its property.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) throws {
        writer.operation("sdy.sharding_constraint", instruction, properties: ["sharding = " + (try configuration(of: instruction).sharding)])
    }

    /// An identity: the cotangent passes through.
    public var differentiability: Differentiability {
        .differentiable { e in [try e.cotangent()] }
    }

    /// Not batchable: its sharding names the unbatched value's dimensions,
    /// and constraints are placed on the whole program's values (`jit`), not
    /// under `vmap`.
    public var batching: Batching { .notBatchable(because: "its sharding describes the unbatched value's dimensions") }
}

extension Op {
    /// A layout constraint for the SPMD partitioner; see ``ShardingConstraint``.
    public static let shardingConstraint = Op(ShardingConstraint())
}

/// `all_reduce(x, index)`: combines `x` across the examples of the `vmap` axis
/// `axis_name` with `kind` `sum`, `mean`, `max` or `min` (JAX's `psum`,
/// `pmean`, `pmax`, `pmin`); every example sees the same result. With
/// ``IndexGroups`` (`axis_index_groups` and `group_size`), each group of
/// examples is combined on its own (JAX's `axis_index_groups`).
///
/// Only meaningful inside the `vmap` that binds `axis_name`, whose batching
/// rule reduces over the batch dimension; lowering one outside it is an
/// ``IRError/notLowerable(op:reason:location:)`` naming the unbound axis.
public struct AllReduce: OpDefinition {
    /// `all_reduce`.
    public let name = "all_reduce"

    /// `axis_name` and `kind`, and optionally the index groups.
    public var attributeSchema: [AttributeSpec] {
        [NamedAxis.attribute, AttributeSpec("kind", .string, allowedValues: ["max", "mean", "min", "sum"])]
            + IndexGroups.attributeSpecs + DeviceGroups.attributeSpecs
    }

    /// The value's type (see ``NamedAxis`` for the index operand).
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        let operand = try NamedAxis.checkOperands(context)
        if operand.elementType == .bool && ["sum", "mean"].contains(context.string("kind")) {
            throw context.invalid("it cannot add booleans")
        }
        let groups = context.attributes.ints("axis_index_groups")
        if (groups == nil) != (context.attributes.int("group_size") == nil) {
            throw context.invalid("axis_index_groups and group_size come together")
        }
        if let groups, let size = context.attributes.int("group_size"), size <= 0 || groups.count % size != 0 {
            throw context.invalidAttribute("group_size", "\(size) does not divide the \(groups.count) grouped indices")
        }
        return [operand]
    }

    /// `stablehlo.all_reduce` over a mesh axis (see ``DeviceGroups``).
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) throws {
        try DeviceGroups.emitAllReduce(instruction, into: &writer)
    }
}

extension Op {
    /// A reduction across a named `vmap` axis; see ``AllReduce``.
    public static let allReduce = Op(AllReduce())
}

extension AllReduce {
    /// `sum` and `mean` are linear and self-adjoint across the axis: the
    /// cotangent is reduced the same way (JAX transposes `psum` to `psum`,
    /// so `grad` of `psum(x)` is the axis size, and `pmean` to `pmean`).
    /// `max` and `min` have no rule, as in JAX.
    public var differentiability: Differentiability {
        .differentiable { e in
            guard ["sum", "mean"].contains(e.attributes.string("kind")) else {
                throw IRError.notDifferentiable(op: "all_reduce \(e.attributes.string("kind") ?? "")", location: e.location)
            }
            return [try e.apply(.allReduce, try e.cotangent(), e.operands[1], attributes: e.attributes), nil]
        }
    }

    /// On the mapped axis: the reduction over the batch dimension (an
    /// unbatched value broadcast along it first), unbatched, since every
    /// example sees the same result (`mean` divides the sum by the axis
    /// size); with index groups, each group's reduction, batched (see
    /// ``IndexGroups``). On another axis: the same collective applied to
    /// the batched operand, which stays batched.
    public var batching: Batching {
        .rule { e in
            guard NamedAxis.isMapped(e) else { return try NamedAxis.passThrough(e, .allReduce) }
            let kind = e.attributes.string("kind") ?? "sum"
            if let groups = IndexGroups(e.attributes) { return [(try groups.batch(e, kind: kind), 0)] }
            let reduced = try e.append(.reduce, [try e.leading(0)], attributes: [
                "dimensions": .ints([0]), "kind": .string(kind == "mean" ? "sum" : kind),
            ])[0]
            guard kind == "mean" else { return [(reduced, nil)] }
            return [(try NamedAxis.divide(e, reduced, by: e.axisSize), nil)]
        }
    }
}

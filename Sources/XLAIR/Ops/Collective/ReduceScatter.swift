/// `reduce_scatter(x, index)`: sums `x` across the examples of the `vmap` axis
/// `axis_name` and gives each example its own slice of dimension `axis`
/// (whose size is the axis size), removing it (JAX's `psum_scatter` with
/// `tiled=False`): the transpose of ``AllGather``.
///
/// Only meaningful inside the `vmap` that binds `axis_name`; lowering one
/// outside it is an ``IRError/notLowerable(op:reason:location:)``.
public struct ReduceScatter: OpDefinition {
    /// `reduce_scatter`.
    public let name = "reduce_scatter"

    /// `axis_name` and `axis` (the scattered dimension).
    public var attributeSchema: [AttributeSpec] {
        [NamedAxis.attribute, AttributeSpec("axis", .int)] + DeviceGroups.attributeSpecs
    }

    /// The operand without `axis`.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        let operand = try NamedAxis.checkOperands(context)
        guard operand.elementType != .bool else { throw context.invalid("it cannot add booleans") }
        let axis = context.int("axis")
        try context.checkDimensions([axis], rank: operand.shape.count, attribute: "axis")
        var shape = operand.shape
        shape.remove(at: axis)
        return [TensorType(operand.elementType, shape)]
    }

    /// `stablehlo.reduce_scatter` over a mesh axis (see ``DeviceGroups``).
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) throws {
        try DeviceGroups.emitReduceScatter(instruction, into: &writer)
    }
}

extension Op {
    /// Sums across a named `vmap` axis and scatters; see ``ReduceScatter``.
    public static let reduceScatter = Op(ReduceScatter())
}

extension ReduceScatter {
    /// The cotangent gathered back along `axis`.
    public var differentiability: Differentiability {
        .differentiable { e in
            var attributes = e.attributes
            attributes["axis_size"] = .int(e.operands[0].type.shape[e.attributes.int("axis") ?? 0])
            return [try e.apply(.allGather, try e.cotangent(), e.operands[1], attributes: attributes), nil]
        }
    }

    /// On the mapped axis: the sum over the batch dimension, whose scattered
    /// dimension becomes the result's batch dimension. On another axis: the
    /// same op past a leading batch dimension.
    public var batching: Batching {
        .rule { e in
            let axis = e.attributes.int("axis") ?? 0
            guard NamedAxis.isMapped(e) else { return try NamedAxis.passThrough(e, .reduceScatter, shifting: "axis") }
            let leading = try e.leading(0)
            try NamedAxis.checkSize(e, leading.type.shape[axis + 1])
            let summed = try e.append(.reduce, [leading], attributes: ["dimensions": .ints([0]), "kind": .string("sum")])[0]
            return [(summed, axis)]
        }
    }
}

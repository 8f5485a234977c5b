/// `all_gather(x, index)`: every example's `x` stacked along a new dimension
/// `axis` of size `axis_size`, across the examples of the `vmap` axis
/// `axis_name` (JAX's `all_gather` with `tiled=False`); every example sees
/// the whole gathered array.
///
/// Only meaningful inside the `vmap` that binds `axis_name`; lowering one
/// outside it is an ``IRError/notLowerable(op:reason:location:)``.
public struct AllGather: OpDefinition {
    /// `all_gather`.
    public let name = "all_gather"

    /// `axis_name`, `axis` (where the gathered dimension goes) and
    /// `axis_size` (the size of the named axis).
    public var attributeSchema: [AttributeSpec] {
        [NamedAxis.attribute, AttributeSpec("axis", .int), AttributeSpec("axis_size", .int)] + DeviceGroups.attributeSpecs
    }

    /// The operand's shape with `axis_size` inserted at `axis`.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        let operand = try NamedAxis.checkOperands(context)
        let (axis, size) = (context.int("axis"), context.int("axis_size"))
        guard (0...operand.shape.count).contains(axis) else {
            throw context.invalidAttribute("axis", "\(axis) is not between 0 and the operand's rank \(operand.shape.count)")
        }
        guard size >= 0 else { throw context.invalidAttribute("axis_size", "\(size) is negative") }
        var shape = operand.shape
        shape.insert(size, at: axis)
        return [TensorType(operand.elementType, shape)]
    }

    /// `stablehlo.all_gather` over a mesh axis (see ``DeviceGroups``).
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) throws {
        try DeviceGroups.emitAllGather(instruction, into: &writer)
    }
}

extension Op {
    /// Gathers across a named `vmap` axis; see ``AllGather``.
    public static let allGather = Op(AllGather())
}

extension AllGather {
    /// Each example gets the sum of every example's cotangent slice at its
    /// own index: `reduce_scatter` along `axis` (JAX's transpose,
    /// `psum_scatter`).
    public var differentiability: Differentiability {
        .differentiable { e in
            [try e.apply(.reduceScatter, try e.cotangent(), e.operands[1], attributes: DeviceGroups.carried(from: e.attributes, into: [
                "axis_name": e.attributes["axis_name"]!, "axis": e.attributes["axis"]!,
            ])), nil]
        }
    }

    /// On the mapped axis: the batch dimension moved to `axis`, unbatched.
    /// On another axis: the same gather past a leading batch dimension.
    public var batching: Batching {
        .rule { e in
            let axis = e.attributes.int("axis") ?? 0
            guard NamedAxis.isMapped(e) else { return try NamedAxis.passThrough(e, .allGather, shifting: "axis") }
            try NamedAxis.checkSize(e, e.attributes.int("axis_size"))
            let leading = try e.leading(0)
            let rank = leading.type.shape.count
            let permutation = Array(1..<(axis + 1)) + [0] + Array((axis + 1)..<rank)
            guard axis != 0 else { return [(leading, nil)] }
            return [(try e.append(.transpose, [leading], attributes: ["permutation": .ints(permutation)])[0], nil)]
        }
    }
}

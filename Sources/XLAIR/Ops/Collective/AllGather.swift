/// `all_gather(x, index)`: every example's `x` stacked along a new dimension
/// `axis` of size `axis_size`, across the examples of the `vmap` axis
/// `axis_name` (JAX's `all_gather` with `tiled=False`); every example sees
/// the whole gathered array.
///
/// Inside the `vmap` that binds `axis_name` its batching rule stacks the
/// batch; over a `shardMap` mesh axis (with ``DeviceGroups``) it lowers to
/// `stablehlo.all_gather`; elsewhere lowering is an
/// ``IRError/notLowerable(op:reason:location:)``.
public struct AllGather: ConfiguredOp {
    /// `all_gather`.
    public let name = "all_gather"

    /// The attributes: the axis, where the gathered dimension goes, its
    /// size and the device groups.
    public struct Configuration: OpConfiguration {
        /// The `vmap` axis gathered over.
        public var axisName: String
        /// The result dimension that holds the examples.
        public var axis: Int
        /// The size of the named axis.
        public var axisSize: Int
        /// The devices gathered from, over a `shardMap` mesh axis.
        public var deviceGroups: DeviceGroups?

        /// Reads `axis_name`, `axis`, `axis_size` and the optional device groups.
        public init(_ attributes: AttributeReader) throws {
            axisName = try attributes.string("axis_name")
            axis = try attributes.int("axis")
            axisSize = try attributes.int("axis_size")
            deviceGroups = try DeviceGroups(attributes)
        }
    }

    /// `axis_name`, `axis` (where the gathered dimension goes) and
    /// `axis_size` (the size of the named axis).
    public var attributeSchema: [AttributeSpec] {
        [NamedAxis.attribute, AttributeSpec("axis", .int), AttributeSpec("axis_size", .int)] + DeviceGroups.attributeSpecs
    }

    /// The operand's shape with `axis_size` inserted at `axis`.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        let operand = try NamedAxis.checkOperands(context)
        let configuration = try configuration(of: context)
        let (axis, size) = (configuration.axis, configuration.axisSize)
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
        try DeviceGroups.emitAllGather(instruction, configuration(of: instruction), into: &writer)
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
            let configuration = try configuration(e.attributes, at: e.location)
            let scatter = ReduceScatter.Configuration(axisName: configuration.axisName, axis: configuration.axis,
                                                      deviceGroups: configuration.deviceGroups)
            return [try e.apply(.reduceScatter, try e.cotangent(), e.operands[1], attributes: scatter.attributes), nil]
        }
    }

    /// On the mapped axis: the batch dimension moved to `axis`, unbatched.
    /// On another axis: the same gather past a leading batch dimension.
    public var batching: Batching {
        .rule { e in
            let configuration = try configuration(e.attributes, at: e.location)
            let axis = configuration.axis
            guard NamedAxis.isMapped(e, configuration.axisName) else {
                return try NamedAxis.passThrough(e, .allGather, over: configuration.axisName, axis: axis)
            }
            try NamedAxis.checkSize(e, configuration.axisSize)
            let leading = try e.leading(0)
            let rank = leading.type.shape.count
            let permutation = Array(1..<(axis + 1)) + [0] + Array((axis + 1)..<rank)
            guard axis != 0 else { return [(leading, nil)] }
            return [(try e.append(.transpose, [leading], attributes: ["permutation": .ints(permutation)])[0], nil)]
        }
    }
}

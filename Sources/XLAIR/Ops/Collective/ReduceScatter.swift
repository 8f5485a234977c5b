/// `reduce_scatter(x, index)`: sums `x` across the examples of the `vmap` axis
/// `axis_name` and gives each example its own slice of dimension `axis`
/// (whose size is the axis size), removing it (JAX's `psum_scatter` with
/// `tiled=False`): the transpose of ``AllGather``.
///
/// Inside the `vmap` that binds `axis_name` its batching rule sums the
/// batch; over a `shardMap` mesh axis (with ``DeviceGroups``) it lowers to
/// `stablehlo.reduce_scatter`; elsewhere lowering is an
/// ``IRError/notLowerable(op:reason:location:)``.
public struct ReduceScatter: ConfiguredOp {
    /// `reduce_scatter`.
    public let name = "reduce_scatter"

    /// The attributes: the axis, the scattered dimension and the device groups.
    public struct Configuration: OpConfiguration {
        /// The `vmap` axis summed over.
        public var axisName: String
        /// The operand dimension scattered among the examples.
        public var axis: Int
        /// The devices summed over, over a `shardMap` mesh axis.
        public var deviceGroups: DeviceGroups?

        /// A scatter of dimension `axis` over `axisName`.
        public init(axisName: String, axis: Int, deviceGroups: DeviceGroups?) {
            (self.axisName, self.axis, self.deviceGroups) = (axisName, axis, deviceGroups)
        }

        /// Reads `axis_name`, `axis` and the optional device groups.
        public init(_ attributes: AttributeReader) throws {
            try self.init(axisName: attributes.string("axis_name"), axis: attributes.int("axis"),
                          deviceGroups: DeviceGroups(attributes))
        }

        /// The instruction attributes that hold it.
        public var attributes: Attributes {
            let base: Attributes = ["axis_name": .string(axisName), "axis": .int(axis)]
            return deviceGroups?.added(to: base) ?? base
        }
    }

    /// `axis_name` and `axis` (the scattered dimension).
    public var attributeSchema: [AttributeSpec] {
        [NamedAxis.attribute, AttributeSpec("axis", .int)] + DeviceGroups.attributeSpecs
    }

    /// The operand without `axis`.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        let operand = try NamedAxis.checkOperands(context)
        guard operand.elementType != .bool else { throw context.invalid("it cannot add booleans") }
        let axis = try configuration(of: context).axis
        try context.checkDimensions([axis], rank: operand.shape.count, attribute: "axis")
        var shape = operand.shape
        shape.remove(at: axis)
        return [TensorType(operand.elementType, shape)]
    }

    /// `stablehlo.reduce_scatter` over a mesh axis (see ``DeviceGroups``).
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) throws {
        try DeviceGroups.emitReduceScatter(instruction, configuration(of: instruction), into: &writer)
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
            attributes["axis_size"] = .int(e.operands[0].type.shape[try configuration(e.attributes, at: e.location).axis])
            return [try e.apply(.allGather, try e.cotangent(), e.operands[1], attributes: attributes), nil]
        }
    }

    /// On the mapped axis: the sum over the batch dimension, whose scattered
    /// dimension becomes the result's batch dimension. On another axis: the
    /// same op past a leading batch dimension.
    public var batching: Batching {
        .rule { e in
            let configuration = try configuration(e.attributes, at: e.location)
            let axis = configuration.axis
            guard NamedAxis.isMapped(e, configuration.axisName) else {
                return try NamedAxis.passThrough(e, .reduceScatter, over: configuration.axisName, axis: axis)
            }
            let leading = try e.leading(0)
            try NamedAxis.checkSize(e, leading.type.shape[axis + 1])
            let summed = try e.append(.reduce, [leading], attributes: Reduce.Configuration(dimensions: [0], kind: .sum).attributes)[0]
            return [(summed, axis)]
        }
    }
}

/// `reduce_scatter(x, index)`: sums `x` across the examples of the `vmap` axis
/// `axis_name` and gives each example its own slice of dimension `axis`
/// (whose size is the axis size), removing it (JAX's `psum_scatter` with
/// `tiled=False`): the transpose of ``AllGather``.
///
/// Only meaningful inside the `vmap` that binds `axis_name`; lowering one
/// outside it is an ``IRError/notLowerable(op:reason:location:)``.
public struct ReduceScatter: ConfiguredOp {
    /// `reduce_scatter`.
    public let name = "reduce_scatter"

    /// The attributes: the axis and the scattered dimension.
    public struct Configuration: OpConfiguration {
        /// The `vmap` axis summed over.
        public var axisName: String
        /// The operand dimension scattered among the examples.
        public var axis: Int

        /// Reads `axis_name` and `axis`.
        public init(_ attributes: AttributeReader) throws {
            axisName = try attributes.string("axis_name")
            axis = try attributes.int("axis")
        }
    }

    /// `axis_name` and `axis` (the scattered dimension).
    public var attributeSchema: [AttributeSpec] {
        [NamedAxis.attribute, AttributeSpec("axis", .int)]
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

    /// None: the axis is not bound.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) throws {
        throw NamedAxis.unbound(instruction, axisName: try configuration(of: instruction).axisName)
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

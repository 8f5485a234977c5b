/// `collective_permute(x, index)`: each example (or device) of the axis
/// `axis_name`, of size `axis_size`, sends its `x` to another: the result at
/// index `target` is the `x` of index `source` for each pair of `pairs`
/// (stored flat, source then target), and zeros at an index no pair targets
/// (JAX's `ppermute`). No index is a source or a target twice.
///
/// Under the `vmap` that binds the axis it becomes a reordering of the batch;
/// over a mesh axis of `shardMap` (with ``DeviceGroups``) it lowers to
/// `stablehlo.collective_permute`; elsewhere lowering is an
/// ``IRError/notLowerable(op:reason:location:)`` naming the unbound axis.
public struct CollectivePermute: ConfiguredOp {
    /// `collective_permute`.
    public let name = "collective_permute"

    /// The attributes: the axis, its size, the pairs and the device groups.
    public struct Configuration: OpConfiguration {
        /// The `vmap` or mesh axis permuted.
        public var axisName: String
        /// The size of the named axis.
        public var axisSize: Int
        /// The (source, target) index pairs, checked against the axis size.
        public var pairs: [(source: Int, target: Int)]
        /// The devices permuted among, over a `shardMap` mesh axis.
        public var deviceGroups: DeviceGroups?

        /// Reads `axis_name`, `axis_size`, `pairs` and the optional device
        /// groups.
        ///
        /// - Throws: ``IRError/invalidAttribute(op:attribute:reason:location:)``
        ///   naming `pairs` when they are not pairs of distinct indices of
        ///   the axis.
        public init(_ attributes: AttributeReader) throws {
            axisName = try attributes.string("axis_name")
            axisSize = try attributes.int("axis_size")
            let flat = try attributes.ints("pairs")
            pairs = stride(from: 0, to: flat.count - 1, by: 2).map { (flat[$0], flat[$0 + 1]) }
            deviceGroups = try DeviceGroups(attributes)
            if let problem = CollectivePermute.problem(pairs, flat: flat, axisSize: axisSize) {
                throw attributes.invalid("pairs", problem)
            }
        }
    }

    /// `axis_name`, `axis_size` and `pairs`, and optionally the device groups.
    public var attributeSchema: [AttributeSpec] {
        [NamedAxis.attribute, AttributeSpec("axis_size", .int), AttributeSpec("pairs", .ints)] + DeviceGroups.attributeSpecs
    }

    /// The value's type, once the pairs are checked.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        let operand = try NamedAxis.checkOperands(context)
        _ = try configuration(of: context)
        return [operand]
    }

    /// `stablehlo.collective_permute` over a mesh axis (see ``DeviceGroups``).
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) throws {
        try DeviceGroups.emitCollectivePermute(instruction, configuration(of: instruction), into: &writer)
    }

    /// Why `pairs` cannot permute an axis of `axisSize` indices, or nil
    /// (JAX's conditions: indices in range, no source or target twice).
    public static func problem(_ pairs: [(source: Int, target: Int)], flat: [Int]? = nil, axisSize: Int) -> String? {
        if let flat, flat.count % 2 != 0 { return "\(flat.count) numbers do not form (source, target) pairs" }
        let indices = pairs.flatMap { [$0.source, $0.target] }
        if let outside = indices.first(where: { !(0..<axisSize).contains($0) }) {
            return "index \(outside) is outside the axis of size \(axisSize)"
        }
        guard Set(pairs.map(\.source)).count == pairs.count, Set(pairs.map(\.target)).count == pairs.count else {
            return "a source or a target appears twice in \(pairs.map { "(\($0.source), \($0.target))" }.joined(separator: ", "))"
        }
        return nil
    }
}

extension Op {
    /// Sends values between the indices of a named axis; see ``CollectivePermute``.
    public static let collectivePermute = Op(CollectivePermute())
}

extension CollectivePermute {
    /// The cotangent sent back: the same permutation with every pair reversed.
    public var differentiability: Differentiability {
        .differentiable { e in
            var attributes = e.attributes
            let pairs = try configuration(e.attributes, at: e.location).pairs
            attributes["pairs"] = .ints(pairs.flatMap { [$0.target, $0.source] })
            return [try e.apply(.collectivePermute, try e.cotangent(), e.operands[1], attributes: attributes), nil]
        }
    }

    /// On the mapped axis: the batch rows reordered, a zero row where no
    /// pair targets an index. On another axis: the same permutation of the
    /// batched value.
    public var batching: Batching {
        .rule { e in
            let configuration = try configuration(e.attributes, at: e.location)
            guard NamedAxis.isMapped(e, configuration.axisName) else {
                return try NamedAxis.passThrough(e, .collectivePermute, over: configuration.axisName)
            }
            try NamedAxis.checkSize(e, configuration.axisSize)
            let leading = try e.leading(0)
            let shape = leading.type.shape
            let row = TensorType(leading.type.elementType, [1] + shape.dropFirst())
            let sources = Dictionary(uniqueKeysWithValues: configuration.pairs.map { ($0.target, $0.source) })
            let rows = try (0..<e.axisSize).map { target in
                guard let source = sources[target] else {
                    return e.builder.constant(Literal.splat(.int(0), as: row), location: e.location)
                }
                return try e.append(.slice, [leading], attributes: [
                    "start_indices": .ints([source] + Array(repeating: 0, count: shape.count - 1)),
                    "limit_indices": .ints([source + 1] + shape.dropFirst()),
                ])[0]
            }
            return [(try e.append(.concatenate, rows, attributes: ["dimension": .int(0)])[0], 0)]
        }
    }
}

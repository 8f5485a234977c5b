/// `all_reduce(x, index)`: combines `x` across the examples of the `vmap` axis
/// `axis_name` with `kind` `sum`, `mean`, `max` or `min` (JAX's `psum`,
/// `pmean`, `pmax`, `pmin`); every example sees the same result. With
/// ``IndexGroups`` (`axis_index_groups` and `group_size`), each group of
/// examples is combined on its own (JAX's `axis_index_groups`).
///
/// Inside the `vmap` that binds `axis_name` its batching rule reduces over
/// the batch dimension; over a `shardMap` mesh axis (with ``DeviceGroups``)
/// it lowers to `stablehlo.all_reduce`; elsewhere lowering is an
/// ``IRError/notLowerable(op:reason:location:)`` naming the unbound axis.
public struct AllReduce: ConfiguredOp {
    /// `all_reduce`.
    public let name = "all_reduce"

    /// The attributes: the axis, the reduction, the index groups and the
    /// device groups.
    public struct Configuration: OpConfiguration {
        /// The `vmap` axis combined over.
        public var axisName: String
        /// How the examples combine.
        public var kind: Kind
        /// The groups one after another, when grouped.
        public var axisIndexGroups: [Int]?
        /// The size of each group, when grouped.
        public var groupSize: Int?
        /// The devices combined, over a `shardMap` mesh axis.
        public var deviceGroups: DeviceGroups?

        /// Reads `axis_name`, `kind`, and the optional `axis_index_groups`,
        /// `group_size` and device groups.
        public init(_ attributes: AttributeReader) throws {
            axisName = try attributes.string("axis_name")
            kind = try attributes.choice("kind")
            axisIndexGroups = try attributes.ints("axis_index_groups", default: nil)
            groupSize = try attributes.int("group_size", default: nil)
            deviceGroups = try DeviceGroups(attributes)
        }

        /// The index groups, nil when ungrouped.
        var indexGroups: IndexGroups? { IndexGroups(indices: axisIndexGroups, size: groupSize) }
    }

    /// How an `all_reduce` combines the examples (JAX's `psum`, `pmean`, `pmax`, `pmin`).
    public enum Kind: String, CaseIterable, Sendable {
        /// The sum, the mean.
        case sum, mean
        /// The largest, the smallest.
        case max, min

        /// The reduction's monoid (`mean` sums, then divides).
        var monoid: Reduce.Kind {
            switch self {
            case .sum, .mean: .sum
            case .max: .max
            case .min: .min
            }
        }
    }

    /// `axis_name` and `kind`, and optionally the index groups.
    public var attributeSchema: [AttributeSpec] {
        [NamedAxis.attribute, AttributeSpec("kind", .string, allowedValues: Kind.allCases.map(\.rawValue))]
            + IndexGroups.attributeSpecs + DeviceGroups.attributeSpecs
    }

    /// The value's type (see ``NamedAxis`` for the index operand).
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        let operand = try NamedAxis.checkOperands(context)
        let configuration = try configuration(of: context)
        if operand.elementType == .bool && configuration.kind.monoid == .sum {
            throw context.invalid("it cannot add booleans")
        }
        let groups = configuration.axisIndexGroups
        if (groups == nil) != (configuration.groupSize == nil) {
            throw context.invalid("axis_index_groups and group_size come together")
        }
        if let groups, let size = configuration.groupSize, size <= 0 || groups.count % size != 0 {
            throw context.invalidAttribute("group_size", "\(size) does not divide the \(groups.count) grouped indices")
        }
        return [operand]
    }

    /// `stablehlo.all_reduce` over a mesh axis (see ``DeviceGroups``).
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) throws {
        try DeviceGroups.emitAllReduce(instruction, configuration(of: instruction), into: &writer)
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
    /// Over a mesh axis of per-device code whose varying axes are tracked
    /// (``GradientEmitter/manual``), JAX's `shard_map` rule instead: each
    /// device keeps the cotangent (`pmean`: over the axis size), and reverse
    /// mode sums it over the devices where the operand does not vary (see
    /// ``ManualAxes``). `max` and `min` have no rule, as in JAX.
    public var differentiability: Differentiability {
        .differentiable { e in
            let configuration = try configuration(e.attributes, at: e.location)
            guard configuration.kind.monoid == .sum else {
                throw IRError.notDifferentiable(op: "all_reduce \(configuration.kind.rawValue)", location: e.location)
            }
            guard let groups = configuration.deviceGroups, let manual = e.manual,
                  manual.contains(configuration.axisName) else {
                return [try e.apply(.allReduce, try e.cotangent(), e.operands[1], attributes: e.attributes), nil]
            }
            guard configuration.indexGroups == nil else {
                throw IRError.notDifferentiable(op: "all_reduce with axis_index_groups over the shardMap mesh axis "
                                                    + "'\(configuration.axisName)'", location: e.location)
            }
            guard configuration.kind == .mean else { return [try e.cotangent(), nil] }
            let size = groups.fibers.first?.count ?? 1
            return [try e.div(try e.cotangent(), try e.constant(Double(size), e.results[0].type)), nil]
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
            let configuration = try configuration(e.attributes, at: e.location)
            guard NamedAxis.isMapped(e, configuration.axisName) else {
                return try NamedAxis.passThrough(e, .allReduce, over: configuration.axisName)
            }
            let kind = configuration.kind
            if let groups = configuration.indexGroups { return [(try groups.batch(e, kind: kind), 0)] }
            let reduced = try e.append(.reduce, [try e.leading(0)],
                                       attributes: Reduce.Configuration(dimensions: [0], kind: kind.monoid).attributes)[0]
            guard kind == .mean else { return [(reduced, nil)] }
            return [(try NamedAxis.divide(e, reduced, by: e.axisSize), nil)]
        }
    }
}

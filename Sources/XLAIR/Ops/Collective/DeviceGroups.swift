/// The devices a collective combines when its axis is a mesh axis of a
/// `shardMap` rather than a `vmap` axis: the partitions (positions in the
/// executable's device assignment) grouped into the fibres of the axis,
/// each listed in the order of the axis index. On a `["a"=2, "b"=2]` mesh,
/// axis `a` has the fibres `[[0, 2], [1, 3]]` and axis `b` `[[0, 1], [2, 3]]`.
///
/// Recorded on ``AllReduce``, ``AllGather``, ``ReduceScatter`` and
/// ``CollectivePermute`` as two attributes, the fibres one after another
/// (`device_groups`) and their length (`device_group_size`); with them the
/// op lowers to its StableHLO collective with dense `replica_groups`,
/// `channel_handle` and `use_global_device_ids`, as JAX's `shard_map` does.
public struct DeviceGroups: Hashable, Sendable {
    /// The fibres of the axis: partition ids, in axis-index order.
    public let fibers: [[Int]]

    /// Groups from the fibres of an axis (all of one length).
    public init(_ fibers: [[Int]]) { self.fibers = fibers }

    /// The two attributes that record the fibres.
    public var attributes: Attributes {
        ["device_groups": .ints(fibers.flatMap { $0 }), "device_group_size": .int(fibers.first?.count ?? 0)]
    }

    /// The fibres recorded in `device_groups` and `device_group_size`, or
    /// nil when neither is (a `vmap` axis).
    ///
    /// - Throws: ``IRError/invalidAttribute(op:attribute:reason:location:)``
    ///   when only one is present or the size does not divide the ids.
    init?(_ attributes: AttributeReader) throws {
        let ids = try attributes.ints("device_groups", default: nil)
        let size = try attributes.int("device_group_size", default: nil)
        guard let ids, let size else {
            guard ids == nil, size == nil else {
                throw attributes.invalid(ids == nil ? "device_groups" : "device_group_size",
                                         "device_groups and device_group_size come together")
            }
            return nil
        }
        guard size > 0, ids.count % size == 0 else {
            throw attributes.invalid("device_group_size", "\(size) does not divide the \(ids.count) device ids")
        }
        fibers = IndexGroups.rows(ids, size: size)
    }

    /// The attribute specs (both optional).
    static let attributeSpecs = [AttributeSpec("device_groups", .ints, required: false),
                                 AttributeSpec("device_group_size", .int, required: false)]

    /// `attributes` with the two that record these groups added.
    public func added(to attributes: Attributes) -> Attributes {
        var result = attributes
        for (name, value) in self.attributes { result[name] = value }
        return result
    }

    /// The replica groups: each fibre, or each index group within each
    /// fibre when `indexGroups` split the axis.
    func replicaGroups(_ indexGroups: IndexGroups?) -> [[Int]] {
        guard let indexGroups else { return fibers }
        return fibers.flatMap { fiber in indexGroups.groups.map { group in group.map { fiber[$0] } } }
    }

    /// `dense<[[0, 1], [2, 3]]> : tensor<2x2xi64>`.
    static func dense(_ rows: [[Int]]) -> String {
        let text = rows.map { "[" + $0.map(String.init).joined(separator: ", ") + "]" }.joined(separator: ", ")
        return "dense<[\(text)]> : tensor<\(rows.count)x\(rows.first?.count ?? 0)xi64>"
    }

    /// The channel (every collective of a partitioned program needs one;
    /// JAX gives them all handle 1).
    static let channel = "channel_handle = #stablehlo.channel_handle<handle = 1, type = 1>"

    /// The properties of a collective over `groups` of partitions.
    static func properties(_ groups: [[Int]]) -> [String] {
        [channel, "replica_groups = " + dense(groups), "use_global_device_ids"]
    }

    /// The device groups of a collective over `axisName` being lowered.
    ///
    /// - Throws: the unbound-axis error when it has none.
    static func required(_ groups: DeviceGroups?, of instruction: Instruction, axisName: String) throws -> DeviceGroups {
        guard let groups else { throw NamedAxis.unbound(instruction, axisName: axisName) }
        return groups
    }
}

extension DeviceGroups {
    /// `stablehlo.all_reduce` over the groups (`mean`: the sum divided by
    /// the group size).
    static func emitAllReduce(_ instruction: Instruction, _ configuration: AllReduce.Configuration,
                              into writer: inout StableHLOWriter) throws {
        let groups = try required(configuration.deviceGroups, of: instruction, axisName: configuration.axisName)
            .replicaGroups(configuration.indexGroups)
        let kind = configuration.kind
        let operand = instruction.operands[0]
        let result = writer.name(instruction.results[0])
        let reduced = kind == .mean ? writer.temporary() : result
        try writer.operation("stablehlo.all_reduce", results: [reduced], operands: [(writer.name(operand), operand.type)],
                             resultTypes: [operand.type], properties: properties(groups),
                             regions: [Reduce.combinerRegion(kind.monoid, TensorType(operand.type.elementType, []))])
        guard kind == .mean else { return }
        let count = writer.constant(.splat(.int(Int64(groups.first?.count ?? 1)), as: operand.type))
        writer.operation("stablehlo.divide", results: [result], operands: [(reduced, operand.type), (count, operand.type)],
                         resultTypes: [operand.type])
    }

    /// `stablehlo.all_gather` of the operand with a unit dimension inserted
    /// at `axis` (JAX's untiled `all_gather`).
    static func emitAllGather(_ instruction: Instruction, _ configuration: AllGather.Configuration,
                              into writer: inout StableHLOWriter) throws {
        let groups = try required(configuration.deviceGroups, of: instruction, axisName: configuration.axisName)
        let axis = configuration.axis
        let operand = instruction.operands[0]
        var shape = operand.type.shape
        shape.insert(1, at: axis)
        let expanded = writer.reshape((writer.name(operand), operand.type), to: TensorType(operand.type.elementType, shape))
        writer.operation("stablehlo.all_gather", results: [writer.name(instruction.results[0])],
                         operands: [(expanded, TensorType(operand.type.elementType, shape))],
                         resultTypes: instruction.resultTypes,
                         properties: ["all_gather_dim = \(axis) : i64"] + properties(groups.fibers))
    }

    /// `stablehlo.reduce_scatter` along `axis` (each device keeps a slice of
    /// one), then that unit dimension dropped (JAX's untiled `psum_scatter`).
    static func emitReduceScatter(_ instruction: Instruction, _ configuration: ReduceScatter.Configuration,
                                  into writer: inout StableHLOWriter) throws {
        let groups = try required(configuration.deviceGroups, of: instruction, axisName: configuration.axisName)
        let axis = configuration.axis
        let operand = instruction.operands[0]
        var shape = operand.type.shape
        shape[axis] = 1
        let slice = TensorType(operand.type.elementType, shape)
        let scattered = writer.temporary()
        try writer.operation("stablehlo.reduce_scatter", results: [scattered], operands: [(writer.name(operand), operand.type)],
                             resultTypes: [slice], properties: ["scatter_dimension = \(axis) : i64"] + properties(groups.fibers),
                             regions: [Reduce.combinerRegion(.sum, TensorType(operand.type.elementType, []))])
        writer.operation("stablehlo.reshape", results: [writer.name(instruction.results[0])], operands: [(scattered, slice)],
                         resultTypes: instruction.resultTypes)
    }

    /// `stablehlo.collective_permute` with each (source, target) index pair
    /// of the axis repeated in every fibre as partition ids.
    static func emitCollectivePermute(_ instruction: Instruction, _ configuration: CollectivePermute.Configuration,
                                      into writer: inout StableHLOWriter) throws {
        let groups = try required(configuration.deviceGroups, of: instruction, axisName: configuration.axisName)
        let pairs = configuration.pairs
        let rows = groups.fibers.flatMap { fiber in pairs.map { [fiber[$0.source], fiber[$0.target]] } }
        var properties = [channel]
        if !rows.isEmpty { properties.append("source_target_pairs = " + dense(rows)) }
        let operand = instruction.operands[0]
        writer.operation("stablehlo.collective_permute", results: [writer.name(instruction.results[0])],
                         operands: [(writer.name(operand), operand.type)], resultTypes: instruction.resultTypes, properties: properties)
    }
}

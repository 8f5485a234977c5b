/// The `axis_index_groups` of an `all_reduce` (JAX's `psum`/`pmean` with
/// `axis_index_groups`): the examples of the axis split into groups of
/// equal size, each reduced on its own. Stored as two attributes, the
/// groups one after another (`axis_index_groups`) and their size
/// (`group_size`).
public struct IndexGroups: Hashable, Sendable {
    /// The groups, each a list of indices along the axis.
    public let groups: [[Int]]

    /// `groups`, unchecked; see ``validate(axisSize:)``.
    public init(_ groups: [[Int]]) { self.groups = groups }

    /// The reason `groups` cannot split an axis of `axisSize` examples, or
    /// nil when every index `0..<axisSize` is in exactly one group and all
    /// groups have the same size (as XLA requires). JAX's messages.
    public func problem(axisSize: Int) -> String? {
        let indices = groups.flatMap { $0 }
        guard !groups.isEmpty, indices.sorted() == Array(0..<axisSize) else {
            return "axis_index_groups must cover all indices exactly once (axis size \(axisSize), groups \(groups))"
        }
        guard Set(groups.map(\.count)).count == 1 else { return "axis_index_groups must all be the same size" }
        return nil
    }

    /// The two attributes that record the groups.
    public var attributes: Attributes {
        ["axis_index_groups": .ints(groups.flatMap { $0 }), "group_size": .int(groups.first?.count ?? 0)]
    }

    /// The groups recorded as `indices` one group after another in groups
    /// of `size`, or nil when there are none.
    init?(indices: [Int]?, size: Int?) {
        guard let indices, let size, size > 0 else { return nil }
        groups = IndexGroups.rows(indices, size: size)
    }

    /// `flat` cut into rows of `size` (the last one shorter if it does not divide).
    static func rows(_ flat: [Int], size: Int) -> [[Int]] {
        stride(from: 0, to: flat.count, by: size).map { Array(flat[$0..<min($0 + size, flat.count)]) }
    }

    /// The attribute specs (both optional).
    static let attributeSpecs = [AttributeSpec("axis_index_groups", .ints, required: false),
                                 AttributeSpec("group_size", .int, required: false)]
}

extension IndexGroups {
    /// The batching rule of a grouped `all_reduce` on its own axis: the
    /// examples (operand 0, batch dimension first) put in group order,
    /// reshaped to `[groups, group size, ...]`, reduced over the group
    /// dimension with `kind` (`mean` divides the sum by the group size), and
    /// each example given its group's result: batched at 0.
    func batch(_ e: BatchEmitter, kind: AllReduce.Kind) throws -> Value {
        if let problem = problem(axisSize: e.axisSize) {
            throw IRError.invalidOperands(op: "all_reduce over '\(e.axisName ?? "")'", operandTypes: e.operands.map(\.value.type),
                                          reason: problem, location: e.location)
        }
        let order = groups.flatMap { $0 }
        var inverse = order
        for (position, index) in order.enumerated() { inverse[index] = position }
        let leading = try e.leading(0)
        let rest = Array(leading.type.shape.dropFirst())
        let (count, size) = (groups.count, groups[0].count)
        let grouped = try e.append(.reshape, [try rows(e, leading, order)], attributes: ["shape": .ints([count, size] + rest)])[0]
        var reduced = try e.append(.reduce, [grouped], attributes: Reduce.Configuration(dimensions: [1], kind: kind.monoid).attributes)[0]
        if kind == .mean { reduced = try NamedAxis.divide(e, reduced, by: size) }
        let spread = try e.append(.broadcastInDim, [reduced], attributes: [
            "shape": .ints([count, size] + rest), "broadcast_dimensions": .ints([0] + rest.indices.map { $0 + 2 }),
        ])[0]
        let flat = try e.append(.reshape, [spread], attributes: ["shape": .ints([count * size] + rest)])[0]
        return try rows(e, flat, inverse)
    }

    /// The rows `indices` of `value` along dimension 0 (the value itself
    /// when they are in order).
    private func rows(_ e: BatchEmitter, _ value: Value, _ indices: [Int]) throws -> Value {
        guard indices != Array(indices.indices) else { return value }
        let shape = value.type.shape
        let slices = try indices.map { index in
            try e.append(.slice, [value], attributes: [
                "start_indices": .ints([index] + Array(repeating: 0, count: shape.count - 1)),
                "limit_indices": .ints([index + 1] + shape.dropFirst()),
            ])[0]
        }
        return try e.append(.concatenate, slices, attributes: ["dimension": .int(0)])[0]
    }
}

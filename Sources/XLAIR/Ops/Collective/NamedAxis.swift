/// What the collectives (`all_reduce`, `all_gather`, `reduce_scatter`,
/// `collective_permute`) share: an `axis_name` naming the `vmap` axis or
/// `shardMap` mesh axis they combine over. The batching pass of the `vmap`
/// that binds the name replaces them with ordinary ops; over a mesh axis
/// their ``DeviceGroups`` lower them to StableHLO collectives; one reaching
/// lowering without either names an axis nothing binds.
///
/// Their second operand is the example's index along the axis (an int32
/// scalar that `vmap` passes batched along its axis): it makes every
/// collective depend on its axis, so the batching pass reaches its rule
/// even when the reduced value is the same for every example (`psum(2)`,
/// or the constant cotangent of `psum` under `grad`).
enum NamedAxis {
    /// The `axis_name` attribute.
    static let attribute = AttributeSpec("axis_name", .string)

    /// Whether a collective over `axisName` combines over the axis `e` maps.
    static func isMapped(_ e: BatchEmitter, _ axisName: String) -> Bool {
        e.axisName != nil && axisName == e.axisName
    }

    /// Checks the two operands: a value and a scalar int32 axis index.
    static func checkOperands(_ context: InferenceContext) throws -> TensorType {
        try context.expectOperands(2)
        guard context.operandTypes[1] == TensorType(.int32, []) else {
            throw context.invalid("its second operand must be the int32 scalar index along the axis")
        }
        return context.operandTypes[0]
    }

    /// Off the mapped axis: `op` over `axisName` re-applied to the value
    /// with its batch dimension first, its `axis` attribute, if it has one,
    /// shifted past that dimension. The index belongs to an outer `vmap`'s
    /// axis, so this one never batches it.
    static func passThrough(_ e: BatchEmitter, _ op: Op, over axisName: String, axis: Int? = nil)
        throws -> [(value: Value, batchDimension: Int?)] {
        guard e.operands[1].batchDimension == nil else {
            throw IRError.notBatchable(op: "\(op.name) over the axis '\(axisName)'", location: e.location)
        }
        var attributes = e.attributes
        if let axis { attributes["axis"] = .int(axis + 1) }
        return try e.append(op, [try e.leading(0), e.operands[1].value], attributes: attributes).map { ($0, 0) }
    }

    /// The lowering error of a collective over `name` left outside the
    /// `vmap` or `shardMap` that binds its axis.
    static func unbound(_ instruction: Instruction, axisName name: String) -> IRError {
        .notLowerable(op: instruction.op.name,
                      reason: "the axis name '\(name)' is not bound by any enclosing vmap or shardMap (pass axisName: \"\(name)\" to vmap)",
                      location: instruction.location)
    }
}

extension NamedAxis {
    /// Checks that a collective's recorded size of its axis (`size`) is the
    /// size `e` maps.
    static func checkSize(_ e: BatchEmitter, _ size: Int?) throws {
        guard let size, size != e.axisSize else { return }
        throw IRError.invalidOperands(op: "collective over '\(e.axisName ?? "")'", operandTypes: e.operands.map(\.value.type),
                                      reason: "it expects the axis size \(size) but vmap maps \(e.axisSize) examples",
                                      location: e.location)
    }
}

extension NamedAxis {
    /// `value` divided by the integer `count` in its element type (the
    /// `mean` of an `all_reduce` from its sum).
    static func divide(_ e: BatchEmitter, _ value: Value, by count: Int) throws -> Value {
        let scalar = e.builder.constant(Literal.splat(.int(Int64(count)), as: TensorType(value.type.elementType, [])),
                                        location: e.location)
        let divisor = try e.append(.broadcastInDim, [scalar], attributes: [
            "shape": .ints(value.type.shape), "broadcast_dimensions": .ints([]),
        ])[0]
        return try e.append(.div, [value, divisor], attributes: [:])[0]
    }
}

/// `dynamic_slice(x, i0, i1, ...)`: a block of `slice_sizes` starting at
/// run-time scalar indices, clamped so the block stays inside `x`.
public struct DynamicSlice: OpDefinition {
    /// `dynamic_slice`.
    public let name = "dynamic_slice"

    /// `slice_sizes`.
    public var attributeSchema: [AttributeSpec] { [AttributeSpec("slice_sizes", .ints)] }

    /// The operand's element type with `slice_sizes`.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        let operand = try context.checkStartIndices(after: 1, for: context.operandTypes.first)
        let sizes = context.ints("slice_sizes")
        try context.checkLength(sizes, rank: operand.shape.count, attribute: "slice_sizes")
        guard zip(sizes, operand.shape).allSatisfy({ 0 <= $0 && $0 <= $1 }) else {
            throw context.invalidAttribute("slice_sizes", "\(sizes) does not fit in shape \(operand.shape)")
        }
        return [TensorType(operand.elementType, sizes)]
    }

    /// `stablehlo.dynamic_slice`.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) {
        guard let sizes = instruction.attributes.ints("slice_sizes") else { return }
        writer.operation("stablehlo.dynamic_slice", instruction, properties: ["slice_sizes = \(StableHLOWriter.i64Array(sizes))"])
    }
}

/// `dynamic_update_slice(x, update, i0, i1, ...)`: `x` with the block at
/// run-time scalar indices (clamped so it fits) replaced by `update`.
public struct DynamicUpdateSlice: OpDefinition {
    /// `dynamic_update_slice`.
    public let name = "dynamic_update_slice"

    /// The type of `x`.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        let operand = try context.checkStartIndices(after: 2, for: context.operandTypes.first)
        let update = context.operandTypes[1]
        guard update.elementType == operand.elementType, update.shape.count == operand.shape.count,
              zip(update.shape, operand.shape).allSatisfy({ $0 <= $1 }) else {
            throw context.invalid("the update must have the operand's element type and rank and fit inside it")
        }
        return [operand]
    }

    /// `stablehlo.dynamic_update_slice`.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) {
        writer.operation("stablehlo.dynamic_update_slice", instruction)
    }
}

extension InferenceContext {
    /// Checks that after `leading` operands come one scalar integer index
    /// per dimension of `operand`, all of one type; returns `operand`.
    func checkStartIndices(after leading: Int, for operand: TensorType?) throws -> TensorType {
        guard let operand, operandTypes.count == leading + operand.shape.count else {
            throw invalid("it takes \(leading) tensor operand\(leading == 1 ? "" : "s") and one start index per dimension")
        }
        let indices = operandTypes.dropFirst(leading)
        guard indices.allSatisfy({ $0.shape.isEmpty && $0.elementType.isInteger && $0 == indices.first }) else {
            throw invalid("start indices must be integer scalars of one type")
        }
        return operand
    }
}

extension Op {
    /// Slicing at run-time indices; see ``DynamicSlice``.
    public static let dynamicSlice = Op(DynamicSlice())
    /// Updating a block at run-time indices; see ``DynamicUpdateSlice``.
    public static let dynamicUpdateSlice = Op(DynamicUpdateSlice())
}

extension DynamicSlice {
    /// The cotangent written into zeros at the same (clamped) start indices.
    public var differentiability: Differentiability {
        .differentiable { e in
            let zeros = try e.zeros(e.operands[0].type)
            let update = try e.builder.append(.dynamicUpdateSlice, [zeros, try e.cotangent()] + e.operands.dropFirst(),
                                              location: e.location)[0]
            return [update] + Array(repeating: nil, count: e.operands.count - 1)
        }
    }
}

extension DynamicUpdateSlice {
    /// The operand gets the cotangent with the updated block zeroed; the
    /// update gets that block of the cotangent.
    public var differentiability: Differentiability {
        .differentiable { e in
            let c = try e.cotangent()
            let indices = Array(e.operands.dropFirst(2))
            let update = e.operands[1]
            let operand = try e.builder.append(.dynamicUpdateSlice, [c, try e.zeros(update.type)] + indices,
                                               location: e.location)[0]
            let block = try e.builder.append(.dynamicSlice, [c] + indices,
                                             attributes: ["slice_sizes": .ints(update.type.shape)], location: e.location)[0]
            return [operand, block] + Array(repeating: nil, count: indices.count)
        }
    }
}

extension DynamicSlice {
    /// A batched operand with shared start indices: the whole batch
    /// dimension, from index 0. Batched start indices: a loop over the
    /// examples (see ``BatchEmitter/forEachExample(startIndicesFrom:initial:_:)``).
    public var batching: Batching {
        .rule { e in
            let sizes = e.attributes.ints("slice_sizes") ?? []
            guard e.operands.dropFirst().allSatisfy({ $0.batchDimension == nil }) else {
                let operand = e.operands[0]
                let batchedOperand = try operand.batchDimension.map { _ in try e.leading(0) }
                let type = TensorType(operand.value.type.elementType, [e.axisSize] + sizes)
                let output = e.builder.constant(.splat(.int(0), as: type), location: e.location)
                return [(try e.forEachExample(startIndicesFrom: 1, initial: output) { example, starts, output in
                    let row = try batchedOperand.map { operand in
                        try e.append(.dynamicSlice, [operand, example] + starts, attributes: ["slice_sizes": .ints([1] + sizes)])[0]
                    } ?? e.append(.reshape, [
                        try e.append(.dynamicSlice, [operand.value] + starts, attributes: e.attributes)[0],
                    ], attributes: ["shape": .ints([1] + sizes)])[0]
                    return try e.append(.dynamicUpdateSlice, [output, row, example] + e.zeros(like: example, count: sizes.count),
                                        attributes: [:])[0]
                }, 0)]
            }
            let zero = e.builder.constant(Literal.splat(.int(0), as: e.operands[1].value.type), location: e.location)
            return try e.append(.dynamicSlice, [try e.leading(0), zero] + e.operands.dropFirst().map(\.value),
                                attributes: ["slice_sizes": e.prepending(e.axisSize, to: "slice_sizes")]).map { ($0, 0) }
        }
    }
}

extension DynamicUpdateSlice {
    /// Batched operand or update with shared start indices: both batched at
    /// the front, updated from index 0 of the batch dimension. Batched start
    /// indices: a loop over the examples (see
    /// ``BatchEmitter/forEachExample(startIndicesFrom:initial:_:)``).
    public var batching: Batching {
        .rule { e in
            guard e.operands.dropFirst(2).allSatisfy({ $0.batchDimension == nil }) else {
                let update = e.operands[1]
                let batchedUpdate = try update.batchDimension.map { _ in try e.leading(1) }
                let shape = batchedUpdate.map { Array($0.type.shape.dropFirst()) } ?? update.value.type.shape
                return [(try e.forEachExample(startIndicesFrom: 2, initial: try e.leading(0)) { example, starts, output in
                    let row = try batchedUpdate.map { update in
                        try e.append(.dynamicSlice, [update, example] + e.zeros(like: example, count: shape.count),
                                     attributes: ["slice_sizes": .ints([1] + shape)])[0]
                    } ?? e.append(.reshape, [update.value], attributes: ["shape": .ints([1] + shape)])[0]
                    return try e.append(.dynamicUpdateSlice, [output, row, example] + starts, attributes: [:])[0]
                }, 0)]
            }
            let zero = e.builder.constant(Literal.splat(.int(0), as: e.operands[2].value.type), location: e.location)
            return try e.append(.dynamicUpdateSlice, [try e.leading(0), try e.leading(1), zero]
                                + e.operands.dropFirst(2).map(\.value), attributes: e.attributes).map { ($0, 0) }
        }
    }
}

extension BatchEmitter {
    /// A `while` loop over the examples of the batch, for slicing at
    /// batched start indices until gather and scatter exist: it carries
    /// `initial` (batched at 0), and step `i` returns `update(i, starts,
    /// carried)` where `starts` are example `i`'s start indices (operands
    /// from `startIndicesFrom` on, scalars of one integer type).
    ///
    /// The loop has a `trip_count` (the batch size), so it differentiates.
    /// Cost: `axisSize` sequential steps, each slicing one example's block
    /// (and rewriting one row of the carried result); XLA's gather/scatter
    /// would do it in one parallel op, and will replace this when the op
    /// set has them.
    func forEachExample(startIndicesFrom first: Int, initial: Value,
                        _ update: (Value, [Value], Value) throws -> Value) throws -> Value {
        let scalar = TensorType(operands[first].value.type.elementType, [])
        let starts = try (first..<operands.count).map { operands[$0].batchDimension == nil ? operands[$0].value : try leading($0) }
        let constant = { (value: Int) in builder.constant(.splat(.int(Int64(value)), as: scalar), location: location) }
        let types = [scalar, initial.type]
        let condition = try builder.region(arguments: types) { carried in
            try append(.compare, [carried[0], constant(axisSize)], attributes: ["direction": .string("LT")])
        }
        let body = try builder.region(arguments: types) { carried in
            let example = carried[0]
            let own = try (first..<operands.count).enumerated().map { position, index -> Value in
                guard operands[index].batchDimension != nil else { return starts[position] }
                let element = try append(.dynamicSlice, [starts[position], example], attributes: ["slice_sizes": .ints([1])])[0]
                return try append(.reshape, [element], attributes: ["shape": .ints([])])[0]
            }
            return [try append(.add, [example, constant(1)], attributes: [:])[0], try update(example, own, carried[1])]
        }
        return try builder.append(.whileLoop, [constant(0), initial], attributes: ["trip_count": .int(axisSize)],
                                  regions: [condition, body], location: location)[1]
    }

    /// `count` zero scalars of `like`'s type (start indices).
    func zeros(like value: Value, count: Int) -> [Value] {
        (0..<count).map { _ in builder.constant(.splat(.int(0), as: value.type), location: location) }
    }
}

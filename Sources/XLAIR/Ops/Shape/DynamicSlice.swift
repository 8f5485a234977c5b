/// `dynamic_slice(x, i0, i1, ...)`: a block of `slice_sizes` starting at
/// run-time scalar indices, clamped so the block stays inside `x`.
public struct DynamicSlice: ConfiguredOp {
    /// `dynamic_slice`.
    public let name = "dynamic_slice"

    /// The attribute: the block's size.
    public struct Configuration: OpConfiguration {
        /// The block's size in each dimension.
        public var sliceSizes: [Int]

        /// A block of `sliceSizes`.
        public init(sliceSizes: [Int]) { self.sliceSizes = sliceSizes }

        /// Reads `slice_sizes`.
        public init(_ attributes: AttributeReader) throws { sliceSizes = try attributes.ints("slice_sizes") }

        /// The instruction attributes that hold it.
        public var attributes: Attributes { ["slice_sizes": .ints(sliceSizes)] }
    }

    /// `slice_sizes`.
    public var attributeSchema: [AttributeSpec] { [AttributeSpec("slice_sizes", .ints)] }

    /// The operand's element type with `slice_sizes`.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        let operand = try context.checkStartIndices(after: 1, for: context.operandTypes.first)
        let sizes = try configuration(of: context).sliceSizes
        try context.checkLength(sizes, rank: operand.shape.count, attribute: "slice_sizes")
        guard zip(sizes, operand.shape).allSatisfy({ 0 <= $0 && $0 <= $1 }) else {
            throw context.invalidAttribute("slice_sizes", "\(sizes) does not fit in shape \(operand.shape)")
        }
        return [TensorType(operand.elementType, sizes)]
    }

    /// `stablehlo.dynamic_slice`.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) throws {
        let sizes = try configuration(of: instruction).sliceSizes
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
                                             attributes: DynamicSlice.Configuration(sliceSizes: update.type.shape).attributes,
                                             location: e.location)[0]
            return [operand, block] + Array(repeating: nil, count: indices.count)
        }
    }
}

extension DynamicSlice {
    /// A batched operand with shared start indices: the whole batch
    /// dimension, from index 0. Batched start indices: one `gather` of a
    /// block per example (as JAX), which clamps the starts as
    /// `dynamic_slice` does.
    public var batching: Batching {
        .rule { e in
            let sizes = try configuration(e.attributes, at: e.location).sliceSizes
            guard e.operands.dropFirst().allSatisfy({ $0.batchDimension == nil }) else {
                let starts = try e.stackedStartIndices(from: 1)
                let blockDims = Array(1..<(sizes.count + 1))
                let operandBatched = e.operands[0].batchDimension != nil
                let dims = operandBatched
                    ? GatherDimensions(offsetDims: blockDims, collapsedSliceDims: [], operandBatchingDims: [0],
                                       startIndicesBatchingDims: [0], startIndexMap: blockDims, indexVectorDim: 1,
                                       sliceSizes: [1] + sizes)
                    : GatherDimensions(offsetDims: blockDims, collapsedSliceDims: [], startIndexMap: Array(0..<sizes.count),
                                       indexVectorDim: 1, sliceSizes: sizes)
                let operand = operandBatched ? try e.leading(0) : e.operands[0].value
                return [(try e.builder.gather(operand, starts, dims, location: e.location), 0)]
            }
            let zero = e.builder.constant(Literal.splat(.int(0), as: e.operands[1].value.type), location: e.location)
            return try e.append(.dynamicSlice, [try e.leading(0), zero] + e.operands.dropFirst().map(\.value),
                                attributes: Configuration(sliceSizes: [e.axisSize] + sizes).attributes).map { ($0, 0) }
        }
    }
}

extension DynamicUpdateSlice {
    /// Batched operand or update with shared start indices: both batched at
    /// the front, updated from index 0 of the batch dimension. Batched start
    /// indices: the starts clamped as `dynamic_update_slice` clamps them,
    /// then one `scatter` (`set`) of each example's block, as JAX.
    public var batching: Batching {
        .rule { e in
            guard e.operands.dropFirst(2).allSatisfy({ $0.batchDimension == nil }) else {
                let (operand, update) = (try e.leading(0), try e.leading(1))
                let blockDims = Array(1..<update.type.shape.count)
                let clamped = try e.builder.clampedToBlocks(try e.stackedStartIndices(from: 2), operandShape: operand.type.shape,
                                                            sliceSizes: update.type.shape, map: blockDims, indexVectorDim: 1,
                                                            location: e.location)
                let dims = ScatterDimensions(updateWindowDims: blockDims, insertedWindowDims: [], inputBatchingDims: [0],
                                             scatterIndicesBatchingDims: [0], scatterDimsToOperandDims: blockDims,
                                             indexVectorDim: 1, uniqueIndices: true, kind: .set)
                return [(try e.builder.scatter(operand, clamped, update, dims, location: e.location), 0)]
            }
            let zero = e.builder.constant(Literal.splat(.int(0), as: e.operands[2].value.type), location: e.location)
            return try e.append(.dynamicUpdateSlice, [try e.leading(0), try e.leading(1), zero]
                                + e.operands.dropFirst(2).map(\.value), attributes: e.attributes).map { ($0, 0) }
        }
    }
}

extension BatchEmitter {
    /// The scalar start indices from operand `first` on, one row per
    /// example: `[axisSize, count]` (unbatched ones repeated).
    func stackedStartIndices(from first: Int) throws -> Value {
        let columns = try (first..<operands.count).map { index in
            try append(.reshape, [try leading(index)], attributes: ["shape": .ints([axisSize, 1])])[0]
        }
        return try append(.concatenate, columns, attributes: ["dimension": .int(1)])[0]
    }
}

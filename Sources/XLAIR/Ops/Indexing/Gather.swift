/// `gather(operand, indices)`: blocks of the operand at run-time start
/// indices, in StableHLO's general form (see ``GatherDimensions``).
///
/// Start indices are clamped so each block fits (XLA's semantics, JAX's
/// `promise_in_bounds` mode); the tensor layer builds JAX's `clip` and
/// `fill` modes on top.
public struct Gather: ConfiguredOp {
    /// `gather`.
    public let name = "gather"

    /// The attributes: the dimension numbers.
    public typealias Configuration = GatherDimensions

    /// The dimension numbers; batching lists and the sortedness flag are optional.
    public var attributeSchema: [AttributeSpec] {
        [AttributeSpec("offset_dims", .ints), AttributeSpec("collapsed_slice_dims", .ints),
         AttributeSpec("operand_batching_dims", .ints, required: false),
         AttributeSpec("start_indices_batching_dims", .ints, required: false),
         AttributeSpec("start_index_map", .ints), AttributeSpec("index_vector_dim", .int),
         AttributeSpec("slice_sizes", .ints), AttributeSpec("indices_are_sorted", .bool, required: false)]
    }

    /// The indices' batch dimensions interleaved with the block's kept
    /// dimensions (at `offset_dims`), of the operand's element type.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        try context.expectOperands(2)
        let (operand, indices) = (context.operandTypes[0], context.operandTypes[1])
        let dims = try configuration(of: context)
        let rank = operand.shape.count
        let vectorSize = try context.checkIndices(indices, indexVectorDim: dims.indexVectorDim)
        try context.checkLength(dims.sliceSizes, rank: rank, attribute: "slice_sizes")
        if let bad = dims.sliceSizes.indices.first(where: { !(0...operand.shape[$0]).contains(dims.sliceSizes[$0]) }) {
            throw context.invalidAttribute("slice_sizes", "\(dims.sliceSizes[bad]) does not fit dimension \(bad) of \(operand.shape)")
        }
        try context.checkSortedDimensions(dims.collapsedSliceDims, rank: rank, attribute: "collapsed_slice_dims")
        try context.checkSortedDimensions(dims.operandBatchingDims, rank: rank, attribute: "operand_batching_dims")
        try context.checkDisjoint(dims.collapsedSliceDims, "collapsed_slice_dims", dims.operandBatchingDims, "operand_batching_dims")
        if let wide = (dims.collapsedSliceDims + dims.operandBatchingDims).first(where: { dims.sliceSizes[$0] != 1 }) {
            throw context.invalidAttribute("slice_sizes", "dimension \(wide) is collapsed or batching, so its slice size must be 1")
        }
        try context.checkIndexing(operand: operand, indices: indices, vectorSize: vectorSize,
                                  indexVectorDim: dims.indexVectorDim,
                                  map: ("start_index_map", dims.startIndexMap),
                                  operandBatching: ("operand_batching_dims", dims.operandBatchingDims),
                                  indicesBatching: ("start_indices_batching_dims", dims.startIndicesBatchingDims))
        let kept = dims.sliceSizes.indices.filter {
            !dims.collapsedSliceDims.contains($0) && !dims.operandBatchingDims.contains($0)
        }.map { dims.sliceSizes[$0] }
        let batch = IndexVectors.batchDimensions(rank: indices.shape.count, indexVectorDim: dims.indexVectorDim)
            .map { indices.shape[$0] }
        guard dims.offsetDims.count == kept.count else {
            throw context.invalidAttribute("offset_dims", "it has \(dims.offsetDims.count) entries for \(kept.count) kept slice dimensions")
        }
        try context.checkSortedDimensions(dims.offsetDims, rank: kept.count + batch.count, attribute: "offset_dims")
        return [TensorType(operand.elementType, IndexVectors.interleave(placed: dims.offsetDims, placedSizes: kept, otherSizes: batch))]
    }

    /// `stablehlo.gather` with `#stablehlo.gather` dimension numbers.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) throws {
        let dims = try configuration(of: instruction)
        let fields = [
            StableHLOWriter.dimensionField("offset_dims", dims.offsetDims),
            StableHLOWriter.dimensionField("collapsed_slice_dims", dims.collapsedSliceDims),
            StableHLOWriter.dimensionField("operand_batching_dims", dims.operandBatchingDims),
            StableHLOWriter.dimensionField("start_indices_batching_dims", dims.startIndicesBatchingDims),
            StableHLOWriter.dimensionField("start_index_map", dims.startIndexMap),
            "index_vector_dim = \(dims.indexVectorDim)",
        ].compactMap { $0 }
        writer.operation("stablehlo.gather", instruction, properties: [
            "dimension_numbers = #stablehlo.gather<\(fields.joined(separator: ", "))>",
            "indices_are_sorted = \(dims.indicesAreSorted)",
            "slice_sizes = \(StableHLOWriter.i64Array(dims.sliceSizes))",
        ])
    }
}

extension Op {
    /// Blocks at run-time indices; see ``Gather``.
    public static let gather = Op(Gather())
}

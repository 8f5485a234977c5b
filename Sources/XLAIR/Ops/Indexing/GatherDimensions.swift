/// A gather's dimension numbers (StableHLO's general form), read from and
/// written to an instruction's attributes.
///
/// The indices tensor holds one index vector along `indexVectorDim` (an
/// implicit trailing dimension of size 1 when it equals the indices' rank);
/// its other dimensions are the batch dimensions of the result. Component
/// `k` of a vector is the start along operand dimension `startIndexMap[k]`;
/// a block of `sliceSizes` is read from there, its start clamped so the
/// block fits. `collapsedSliceDims` and `operandBatchingDims` (size-1 slice
/// dimensions) are dropped from the block; the others land on `offsetDims`
/// of the result. Operand batching dimension `i` is indexed by the
/// position along indices dimension `startIndicesBatchingDims[i]`.
public struct GatherDimensions: Equatable, OpConfiguration {
    /// Result dimensions that hold the block's kept dimensions, sorted.
    public var offsetDims: [Int]
    /// Operand dimensions of size-1 slices dropped from the result, sorted.
    public var collapsedSliceDims: [Int]
    /// Operand dimensions indexed by a batch position of the indices, sorted.
    public var operandBatchingDims: [Int] = []
    /// The indices dimension that indexes each operand batching dimension.
    public var startIndicesBatchingDims: [Int] = []
    /// The operand dimension of each index vector component.
    public var startIndexMap: [Int]
    /// The indices dimension holding the index vectors.
    public var indexVectorDim: Int
    /// The block size along each operand dimension.
    public var sliceSizes: [Int]
    /// Whether the indices are promised to be sorted.
    public var indicesAreSorted = false

    /// Dimension numbers from their parts.
    public init(offsetDims: [Int], collapsedSliceDims: [Int], operandBatchingDims: [Int] = [],
                startIndicesBatchingDims: [Int] = [], startIndexMap: [Int], indexVectorDim: Int,
                sliceSizes: [Int], indicesAreSorted: Bool = false) {
        self.offsetDims = offsetDims
        self.collapsedSliceDims = collapsedSliceDims
        self.operandBatchingDims = operandBatchingDims
        self.startIndicesBatchingDims = startIndicesBatchingDims
        self.startIndexMap = startIndexMap
        self.indexVectorDim = indexVectorDim
        self.sliceSizes = sliceSizes
        self.indicesAreSorted = indicesAreSorted
    }

    /// The dimension numbers of a `gather` instruction's attributes
    /// (absent batching lists read as empty, an absent sortedness flag as
    /// false).
    public init(_ attributes: AttributeReader) throws {
        try self.init(offsetDims: attributes.ints("offset_dims"),
                      collapsedSliceDims: attributes.ints("collapsed_slice_dims"),
                      operandBatchingDims: attributes.ints("operand_batching_dims", default: []) ?? [],
                      startIndicesBatchingDims: attributes.ints("start_indices_batching_dims", default: []) ?? [],
                      startIndexMap: attributes.ints("start_index_map"),
                      indexVectorDim: attributes.int("index_vector_dim"),
                      sliceSizes: attributes.ints("slice_sizes"),
                      indicesAreSorted: attributes.bool("indices_are_sorted", default: false) ?? false)
    }

    /// The attributes of a `gather` instruction (batching lists only when
    /// non-empty).
    public var attributes: Attributes {
        var attributes: Attributes = [
            "offset_dims": .ints(offsetDims), "collapsed_slice_dims": .ints(collapsedSliceDims),
            "start_index_map": .ints(startIndexMap), "index_vector_dim": .int(indexVectorDim),
            "slice_sizes": .ints(sliceSizes),
        ]
        if !operandBatchingDims.isEmpty || !startIndicesBatchingDims.isEmpty {
            attributes["operand_batching_dims"] = .ints(operandBatchingDims)
            attributes["start_indices_batching_dims"] = .ints(startIndicesBatchingDims)
        }
        if indicesAreSorted { attributes["indices_are_sorted"] = .bool(true) }
        return attributes
    }

    /// The scatter that sends each gathered block back where it came
    /// from, combining with `kind` (the gather's transpose for `add`).
    public func inverse(kind: ScatterKind) -> ScatterDimensions {
        ScatterDimensions(updateWindowDims: offsetDims, insertedWindowDims: collapsedSliceDims,
                          inputBatchingDims: operandBatchingDims, scatterIndicesBatchingDims: startIndicesBatchingDims,
                          scatterDimsToOperandDims: startIndexMap, indexVectorDim: indexVectorDim,
                          indicesAreSorted: indicesAreSorted, kind: kind)
    }
}

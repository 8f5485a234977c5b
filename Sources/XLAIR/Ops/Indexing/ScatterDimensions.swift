/// How a scatter combines an update with the element it lands on.
public enum ScatterKind: String, CaseIterable, Sendable {
    /// The update replaces the element (JAX's `scatter`).
    case set
    /// Added (`scatter_add`).
    case add
    /// Multiplied (`scatter_mul`).
    case mul
    /// The smaller of the two (`scatter_min`).
    case min
    /// The larger of the two (`scatter_max`).
    case max

    /// The StableHLO op of the update region; nil for `set`, whose region
    /// returns the update.
    var combiner: String? {
        switch self {
        case .set: nil
        case .add: "stablehlo.add"
        case .mul: "stablehlo.multiply"
        case .min: "stablehlo.minimum"
        case .max: "stablehlo.maximum"
        }
    }
}

/// A scatter's dimension numbers (StableHLO's general form) and combiner,
/// read from and written to an instruction's attributes.
///
/// The mirror of ``GatherDimensions``: the updates' `updateWindowDims` are
/// the window written at each index vector of `indices`; its other
/// dimensions match the indices' batch dimensions. The window's dimensions
/// go, in order, to the operand dimensions that are neither
/// `insertedWindowDims` nor `inputBatchingDims` (each of those is one
/// element wide). A window that does not fit entirely is skipped.
public struct ScatterDimensions: Equatable, OpConfiguration {
    /// Updates dimensions that make up each window, sorted.
    public var updateWindowDims: [Int]
    /// Operand dimensions of size 1 absent from the window, sorted.
    public var insertedWindowDims: [Int]
    /// Operand dimensions indexed by a batch position of the indices, sorted.
    public var inputBatchingDims: [Int] = []
    /// The indices dimension that indexes each operand batching dimension.
    public var scatterIndicesBatchingDims: [Int] = []
    /// The operand dimension of each index vector component.
    public var scatterDimsToOperandDims: [Int]
    /// The indices dimension holding the index vectors.
    public var indexVectorDim: Int
    /// Whether the indices are promised to be sorted.
    public var indicesAreSorted = false
    /// Whether no two windows are promised to overlap.
    public var uniqueIndices = false
    /// The combiner.
    public var kind: ScatterKind

    /// Dimension numbers from their parts.
    public init(updateWindowDims: [Int], insertedWindowDims: [Int], inputBatchingDims: [Int] = [],
                scatterIndicesBatchingDims: [Int] = [], scatterDimsToOperandDims: [Int], indexVectorDim: Int,
                indicesAreSorted: Bool = false, uniqueIndices: Bool = false, kind: ScatterKind) {
        self.updateWindowDims = updateWindowDims
        self.insertedWindowDims = insertedWindowDims
        self.inputBatchingDims = inputBatchingDims
        self.scatterIndicesBatchingDims = scatterIndicesBatchingDims
        self.scatterDimsToOperandDims = scatterDimsToOperandDims
        self.indexVectorDim = indexVectorDim
        self.indicesAreSorted = indicesAreSorted
        self.uniqueIndices = uniqueIndices
        self.kind = kind
    }

    /// The dimension numbers of a `scatter` instruction's attributes
    /// (absent batching lists read as empty, absent flags as false).
    public init(_ attributes: AttributeReader) throws {
        try self.init(updateWindowDims: attributes.ints("update_window_dims"),
                      insertedWindowDims: attributes.ints("inserted_window_dims"),
                      inputBatchingDims: attributes.ints("input_batching_dims", default: []) ?? [],
                      scatterIndicesBatchingDims: attributes.ints("scatter_indices_batching_dims", default: []) ?? [],
                      scatterDimsToOperandDims: attributes.ints("scatter_dims_to_operand_dims"),
                      indexVectorDim: attributes.int("index_vector_dim"),
                      indicesAreSorted: attributes.bool("indices_are_sorted", default: false) ?? false,
                      uniqueIndices: attributes.bool("unique_indices", default: false) ?? false,
                      kind: attributes.choice("kind"))
    }

    /// The attributes of a `scatter` instruction (batching lists and flags
    /// only when set).
    public var attributes: Attributes {
        var attributes: Attributes = [
            "update_window_dims": .ints(updateWindowDims), "inserted_window_dims": .ints(insertedWindowDims),
            "scatter_dims_to_operand_dims": .ints(scatterDimsToOperandDims), "index_vector_dim": .int(indexVectorDim),
            "kind": .string(kind.rawValue),
        ]
        if !inputBatchingDims.isEmpty || !scatterIndicesBatchingDims.isEmpty {
            attributes["input_batching_dims"] = .ints(inputBatchingDims)
            attributes["scatter_indices_batching_dims"] = .ints(scatterIndicesBatchingDims)
        }
        if indicesAreSorted { attributes["indices_are_sorted"] = .bool(true) }
        if uniqueIndices { attributes["unique_indices"] = .bool(true) }
        return attributes
    }

    /// The size of the block each window covers along every operand
    /// dimension: 1 for inserted and batching dimensions, else the window's.
    public func windowSizes(operandRank: Int, updates: [Int]) -> [Int] {
        var windows = updateWindowDims.makeIterator()
        return (0..<operandRank).map { dimension in
            if insertedWindowDims.contains(dimension) || inputBatchingDims.contains(dimension) { return 1 }
            return windows.next().map { updates[$0] } ?? 1
        }
    }

    /// The gather that reads back the block each window was written to.
    public func inverse(operandRank: Int, updates: [Int]) -> GatherDimensions {
        GatherDimensions(offsetDims: updateWindowDims, collapsedSliceDims: insertedWindowDims,
                         operandBatchingDims: inputBatchingDims, startIndicesBatchingDims: scatterIndicesBatchingDims,
                         startIndexMap: scatterDimsToOperandDims, indexVectorDim: indexVectorDim,
                         sliceSizes: windowSizes(operandRank: operandRank, updates: updates),
                         indicesAreSorted: indicesAreSorted)
    }

    /// The same numbers with another combiner.
    func with(kind: ScatterKind) -> ScatterDimensions {
        var copy = self
        copy.kind = kind
        return copy
    }
}

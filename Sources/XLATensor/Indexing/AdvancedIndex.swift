import XLAIR

/// NumPy's integer-array ("advanced") indexing as one gather or scatter.
///
/// Basic entries (slices, new axes) are applied first as a strided slice
/// (``Tensor/basicIndex(_:location:)``), keeping the axes of advanced
/// entries whole; integers count as advanced entries once any `.array` is
/// present (NumPy's rule), and then, as in JAX, an integer out of range is
/// handled by the mode like any position rather than being an error. The
/// index tensors broadcast to one shape `S`.
/// The result has `S` where the advanced entries were when they are
/// adjacent, else `S` first (NumPy's rule), and the remaining axes in order.
struct AdvancedIndex {
    /// The sliced tensor's shape: the advanced axes whole.
    let slicedShape: [Int]
    /// Whether the basic entries left the tensor unchanged (only whole axes).
    let isWhole: Bool
    /// The axes of `slicedShape` indexed by the arrays, in order.
    let axes: [Int]
    /// The index vectors: `S + [axes.count]`, negative positions counted from the end.
    let indices: Tensor
    /// The gather's dimension numbers.
    let dims: GatherDimensions
    /// The shape of `x[...]`.
    let resultShape: [Int]
    /// The entries applied first, as basic indexing.
    let basic: [TensorIndex]
    /// For each axis of `slicedShape`, the operand axis it comes from (nil
    /// for a new axis) and, for a slice of step 1, its first position.
    let sources: [(axis: Int?, sliceStart: Int?)]
    /// Where the call came from.
    let location: String?

    /// The plan for expanded entries of `x`; a poisoned plan carries the
    /// failure in `indices`. `x[...]` plans only entries with an `.array`;
    /// `x.at[...]` plans any (its integers are already arrays), and
    /// without an array, as in `x.at[.all].set(v)`, the index vectors are
    /// empty and only slices select.
    static func make(_ expanded: [TensorIndex], of x: Tensor, location: String?) -> AdvancedIndex {
        var basic: [TensorIndex] = [], slicedShape: [Int] = [], positions: [(axis: Int, index: Tensor)] = []
        var sources: [(axis: Int?, sliceStart: Int?)] = []
        var failure: String?
        var axis = 0
        for entry in expanded {
            switch entry {
            case .newAxis:
                basic.append(.newAxis)
                sources.append((nil, nil))
                slicedShape.append(1)
                continue
            case let .slice(start, stop, step):
                basic.append(entry)
                let (first, count) = step == 0 ? (0, 0) : Tensor.sliceBounds(start, stop, step, size: x.shape[axis])
                sources.append((axis, step == 1 ? first : nil))
                slicedShape.append(count)
            case let .at(position):
                basic.append(.all)
                let size = x.shape[axis]
                // Beyond `Int32` is out of range either way: clamped, the mode handles it.
                positions.append((slicedShape.count, Tensor(Int32(clamping: position < 0 ? position + size : position))))
                sources.append((axis, 0))
                slicedShape.append(size)
            case let .array(tensor):
                basic.append(.all)
                if tensor.dtype == .bool {
                    failure = failure ?? "boolean mask indices are not supported (JAX cannot use them under jit); use select"
                } else if !tensor.dtype.isInteger {
                    failure = failure ?? "index arrays must be integers, not \(tensor.dtype)"
                }
                positions.append((slicedShape.count, tensor.positionsFromEnd(size: x.shape[axis])))
                sources.append((axis, 0))
                slicedShape.append(x.shape[axis])
            case .ellipsis:
                continue
            }
            axis += 1
        }
        let shapes = positions.map(\.index.shape)
        let broadcastShape = shapes.reduce(Optional([Int]())) { common, shape in common.flatMap { broadcastShapes($0, shape) } }
        if broadcastShape == nil {
            failure = failure ?? "index arrays of shapes \(shapes.map { "\($0)" }.joined(separator: ", ")) cannot be broadcast together"
        }
        let batch = broadcastShape ?? []
        let axes = positions.map(\.axis)
        let remaining = slicedShape.indices.filter { !axes.contains($0) }
        let adjacent = zip(axes, axes.dropFirst()).allSatisfy { $1 == $0 + 1 }
        let insertion = adjacent ? remaining.filter { $0 < axes.first ?? 0 }.count : 0
        let offsetDims = remaining.indices.map { $0 < insertion ? $0 : $0 + batch.count }
        let resultShape = Array(remaining.prefix(insertion).map { slicedShape[$0] } + batch
                                + remaining.dropFirst(insertion).map { slicedShape[$0] })
        let indexType: ElementType = positions.contains { $0.index.dtype.byteCount == 8 } ? .int64 : .int32
        let indices: Tensor = if let failure {
            .invalid("index", [x] + expanded.arrays, failure, location: location, result: TensorType(indexType, batch + [axes.count]))
        } else if positions.isEmpty {
            Tensor.zeros(batch + [0], dtype: indexType)
        } else {
            stack(positions.map { $0.index.converted(to: indexType).broadcast(to: batch) }, axis: batch.count)
        }
        let dims = GatherDimensions(offsetDims: offsetDims, collapsedSliceDims: axes, startIndexMap: axes,
                                    indexVectorDim: batch.count,
                                    sliceSizes: slicedShape.indices.map { axes.contains($0) ? 1 : slicedShape[$0] })
        let isWhole = basic.allSatisfy { if case .slice(nil, nil, 1) = $0 { true } else { false } }
        return AdvancedIndex(slicedShape: slicedShape, isWhole: isWhole, axes: axes, indices: indices, dims: dims,
                             resultShape: resultShape, basic: basic, sources: sources, location: location)
    }

    /// The scatter into `x` itself that writes `x[...]` (shape
    /// ``resultShape``): advanced axes are inserted window dimensions,
    /// step-1 slices are windows starting at their first position (one more
    /// index component each), new axes are dropped from the updates. Nil
    /// for a strided or reversed slice, or when nothing would index a
    /// rank-0 `x`.
    func scatter(kind: ScatterKind) -> (indices: Tensor, updatesShape: [Int], dims: ScatterDimensions)? {
        guard sources.allSatisfy({ $0.axis == nil || $0.sliceStart != nil }) else { return nil }
        let remaining = slicedShape.indices.filter { !axes.contains($0) }
        let dropped = zip(remaining, dims.offsetDims).filter { sources[$0.0].axis == nil }.map(\.1)
        let windowDims = zip(remaining, dims.offsetDims).filter { sources[$0.0].axis != nil }
            .map { _, dim in dim - dropped.filter { $0 < dim }.count }
        let windowed = remaining.compactMap { axis in sources[axis].axis.map { ($0, sources[axis].sliceStart ?? 0) } }
        var shifted = windowed.filter { $0.1 != 0 }
        if axes.isEmpty && shifted.isEmpty {
            guard let first = windowed.first else { return nil }
            shifted = [first]
        }
        let batch = Array(indices.shape.dropLast())
        let starts = shifted.map { Tensor(Int64($0.1), dtype: indices.dtype).broadcast(to: batch) }
        let vectors = starts.isEmpty ? indices : concatenate([indices] + starts.map { $0.expandingDimensions(axis: -1) }, axis: -1)
        let inserted = axes.compactMap { sources[$0].axis }
        let dims = ScatterDimensions(updateWindowDims: windowDims, insertedWindowDims: inserted,
                                     scatterDimsToOperandDims: inserted + shifted.map(\.0), indexVectorDim: batch.count, kind: kind)
        return (vectors, resultShape.indices.filter { !dropped.contains($0) }.map { resultShape[$0] }, dims)
    }

    /// `x[...]` under `mode`.
    func gather(from x: Tensor, mode: GatherScatterMode, fillValue: Double?) -> Tensor {
        let sliced = isWhole ? x : x.basicIndex(basic, location: location)
        return sliced.gathered(indices, dims, resultShape: resultShape, mode: mode, fillValue: fillValue, location: location)
    }
}

import XLAIR

extension Tensor {
    /// Functional indexed updates, JAX's `x.at[...]`:
    /// `x.at[1, .all].add(y)`, `x.at[.array(i)].set(0)`, `x.at[i].get(mode: .fill)`.
    /// Each returns a new tensor; `x` is unchanged.
    public var at: IndexUpdates { IndexUpdates(tensor: self) }
}

/// The indexer returned by ``Tensor/at``: subscript it with a NumPy index.
public struct IndexUpdates: Sendable {
    /// The tensor to update.
    let tensor: Tensor

    /// The elements `x[indices...]`, to read or update.
    public subscript(_ indices: TensorIndex..., file file: String = #fileID, line line: Int = #line) -> IndexedElements {
        IndexedElements(tensor: tensor, indices: indices, location: location(file, line))
    }

    /// The elements `x[indices]`, with the entries in an array.
    public subscript(_ indices: [TensorIndex], file file: String = #fileID, line line: Int = #line) -> IndexedElements {
        IndexedElements(tensor: tensor, indices: indices, location: location(file, line))
    }

    /// The rows at the positions of an integer tensor (`x.at[i]`).
    @_disfavoredOverload
    public subscript(_ indices: Tensor, file file: String = #fileID, line line: Int = #line) -> IndexedElements {
        IndexedElements(tensor: tensor, indices: [.array(indices)], location: location(file, line))
    }
}

/// The elements `x[indices]` named by `x.at[indices]`: read them with
/// ``get(mode:fillValue:)`` or make a new `x` with them replaced or
/// combined with a value (JAX's `_IndexUpdateRef`).
///
/// Updating methods broadcast the value to the shape of `x[indices]` and,
/// as JAX, combine in the promoted dtype of `x` and the value, then convert
/// the result back to `x`'s dtype (`x.at[i].add(2.7)` on integers adds 2.7
/// and truncates). Their default mode is JAX's `drop`: an update at
/// a position out of bounds (after negative positions are counted from the
/// end) is skipped. Where positions repeat, `add`, `multiply`, `min` and
/// `max` combine every update; `set` keeps one of them. `indicesAreSorted`
/// and `uniqueIndices` are JAX's unchecked promises, passed to XLA (a false
/// promise gives unspecified results, as in JAX).
public struct IndexedElements: Sendable {
    let tensor: Tensor
    let indices: [TensorIndex]
    let location: String?

    /// Integer entries become 0-d index arrays (the same shapes), so that,
    /// as in JAX, the mode handles one out of range like any position; one
    /// beyond `Int32` is clamped to it, still out of range, so the mode
    /// treats it the same.
    init(tensor: Tensor, indices: [TensorIndex], location: String?) {
        self.tensor = tensor
        self.indices = indices.map { if case let .at(position) = $0 { .array(Tensor(Int32(clamping: position))) } else { $0 } }
        self.location = location
    }

    /// `x[indices]` under `mode` (default: JAX's `promise_in_bounds`, which
    /// clamps); `fillValue` replaces out-of-bounds blocks under `.fill`
    /// (default NaN, or the dtype's extreme integer).
    public func get(mode: GatherScatterMode = .promiseInBounds, fillValue: Double? = nil) -> Tensor {
        tensor.index(indices, mode: mode, fillValue: fillValue, location: location)
    }

    /// `x` with `x[indices]` replaced by `value`.
    public func set(_ value: Tensor, mode: GatherScatterMode = .drop, indicesAreSorted: Bool = false,
                    uniqueIndices: Bool = false) -> Tensor {
        update(value, ScatterPromises(kind: .set, sorted: indicesAreSorted, unique: uniqueIndices), mode)
    }

    /// `x` with `value` added at `indices` (repeated positions add up).
    public func add(_ value: Tensor, mode: GatherScatterMode = .drop, indicesAreSorted: Bool = false,
                    uniqueIndices: Bool = false) -> Tensor {
        update(value, ScatterPromises(kind: .add, sorted: indicesAreSorted, unique: uniqueIndices), mode)
    }

    /// `x` with `x[indices]` multiplied by `value`.
    public func multiply(_ value: Tensor, mode: GatherScatterMode = .drop, indicesAreSorted: Bool = false,
                    uniqueIndices: Bool = false) -> Tensor {
        update(value, ScatterPromises(kind: .mul, sorted: indicesAreSorted, unique: uniqueIndices), mode)
    }

    /// `x` with `x[indices]` replaced by the smaller of it and `value`.
    public func min(_ value: Tensor, mode: GatherScatterMode = .drop, indicesAreSorted: Bool = false,
                    uniqueIndices: Bool = false) -> Tensor {
        update(value, ScatterPromises(kind: .min, sorted: indicesAreSorted, unique: uniqueIndices), mode)
    }

    /// `x` with `x[indices]` replaced by the larger of it and `value`.
    public func max(_ value: Tensor, mode: GatherScatterMode = .drop, indicesAreSorted: Bool = false,
                    uniqueIndices: Bool = false) -> Tensor {
        update(value, ScatterPromises(kind: .max, sorted: indicesAreSorted, unique: uniqueIndices), mode)
    }

    /// JAX's dtype rule: `x` and the value promoted together, the scatter
    /// done in that type, the result converted back to `x`'s dtype.
    private func update(_ value: Tensor, _ kind: ScatterPromises, _ mode: GatherScatterMode) -> Tensor {
        let promoted = TypePromotion.resultType(tensor.promotionType, value.promotionType, x64: Configuration.x64).elementType
        return scatter(tensor.converted(to: promoted), value.converted(to: promoted), kind, mode)
            .converted(to: tensor.dtype).weak(tensor.isWeak)
    }

    /// One scatter: straight into `x` (advanced entries and step-1
    /// slices; see ``AdvancedIndex/scatter(kind:)``); otherwise into the
    /// flattened `x` at the flat positions `iota[indices]`, which carries
    /// strided slices and the mode's handling of bounds.
    private func scatter(_ x: Tensor, _ value: Tensor, _ kind: ScatterPromises, _ mode: GatherScatterMode) -> Tensor {
        let expanded: [TensorIndex]
        switch x.expanded(indices) {
        case let .failure(reason):
            return .invalid("scatter", [x, value] + indices.arrays, reason.message, location: location, result: x.type)
        case let .success(entries):
            expanded = entries
        }
        let plan = AdvancedIndex.make(expanded, of: x, location: location)
        guard let updates = broadcastValue(value, to: plan.resultShape) else { return invalidValue(value, plan.resultShape) }
        if let direct = plan.scatter(kind: kind.kind) {
            return x.scattered(direct.indices, updates.reshaped(direct.updatesShape), kind.applied(to: direct.dims), mode: mode,
                               location: location)
        }
        let flat = Tensor.arange(x.size, dtype: .int32).reshaped(x.shape)
        let positionMode: GatherScatterMode = mode == .clip ? .clip : .fill
        let positions = flat.index(expanded, mode: positionMode, fillValue: -1, location: location)
        let dims = kind.applied(to: ScatterDimensions(updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0],
                                                      indexVectorDim: positions.rank, kind: kind.kind))
        return x.reshaped([x.size]).scattered(positions.expandingDimensions(axis: -1), updates, dims, mode: .drop,
                                              location: location).reshaped(x.shape)
    }

    /// The value broadcast to `shape`, or nil when it cannot be.
    private func broadcastValue(_ value: Tensor, to shape: [Int]) -> Tensor? {
        guard broadcastShapes(value.shape, shape) == shape else { return nil }
        return value.broadcast(to: shape)
    }

    /// The combiner and JAX's promises about the indices (`indices_are_sorted`,
    /// `unique_indices`: unchecked; `unique` picks the cheaper `set` gradient).
    private struct ScatterPromises {
        let kind: ScatterKind
        let sorted: Bool
        let unique: Bool

        func applied(to dims: ScatterDimensions) -> ScatterDimensions {
            var dims = dims
            dims.indicesAreSorted = sorted
            dims.uniqueIndices = unique
            return dims
        }
    }

    private func invalidValue(_ value: Tensor, _ shape: [Int]) -> Tensor {
        .invalid("scatter", [tensor, value], "an update of shape \(value.shape) cannot be broadcast to the indexed shape \(shape)",
                 location: location, result: tensor.type)
    }
}

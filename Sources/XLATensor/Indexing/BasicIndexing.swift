import XLAIR

extension Tensor {
    /// NumPy indexing: integers, slices, new axes, an ellipsis and integer
    /// tensors (`.array`, advanced indexing; see ``AdvancedIndex``).
    ///
    /// A basic integer out of range poisons the result with a typed error
    /// naming the call: a deliberate deviation, as JAX 0.11.2 clamps it
    /// (see `Docs/Indexing.md`). Integer tensors follow JAX's default
    /// (`promise_in_bounds`): negative positions count from the end, and a
    /// position still out of range is clamped to the nearest valid one.
    /// Use `x.at[...].get(mode:)` for JAX's other modes.
    public subscript(_ indices: TensorIndex..., file file: String = #fileID, line line: Int = #line) -> Tensor {
        index(indices, file: file, line: line)
    }

    /// NumPy indexing with the entries in an array.
    public subscript(_ indices: [TensorIndex], file file: String = #fileID, line line: Int = #line) -> Tensor {
        index(indices, file: file, line: line)
    }

    /// The elements `range` along the first axis.
    public subscript(_ range: Range<Int>, file file: String = #fileID, line line: Int = #line) -> Tensor {
        index([.range(range)], file: file, line: line)
    }

    /// Rows of the first axis at the positions in an integer tensor
    /// (`x[i]` with an integer array `i`); the same as `x[.array(indices)]`.
    @_disfavoredOverload
    public subscript(_ indices: Tensor, file file: String = #fileID, line line: Int = #line) -> Tensor {
        index([.array(indices)], file: file, line: line)
    }

    func index(_ indices: [TensorIndex], file: String = #fileID, line: Int = #line) -> Tensor {
        index(indices, mode: .promiseInBounds, fillValue: nil, location: XLATensor.location(file, line))
    }

    /// NumPy indexing with JAX's out-of-bounds `mode` for integer tensors.
    func index(_ indices: [TensorIndex], mode: GatherScatterMode, fillValue: Double?, location: String?) -> Tensor {
        switch expanded(indices) {
        case let .failure(reason):
            return .invalid("index", [self] + indices.arrays, reason.message, location: location, result: type)
        case let .success(expanded) where expanded.arrays.isEmpty:
            return basicIndex(expanded, location: location)
        case let .success(expanded):
            return AdvancedIndex.make(expanded, of: self, location: location).gather(from: self, mode: mode, fillValue: fillValue)
        }
    }

    /// The entries with the ellipsis (or a missing tail) replaced by whole
    /// axes, so each entry but `newAxis` consumes one axis.
    func expanded(_ indices: [TensorIndex]) -> Result<[TensorIndex], IndexingFailure> {
        let consumed = indices.filter { if case .newAxis = $0 { false } else if case .ellipsis = $0 { false } else { true } }.count
        let ellipses = indices.filter { if case .ellipsis = $0 { true } else { false } }.count
        guard ellipses <= 1, consumed <= rank else {
            return .failure(IndexingFailure(message: ellipses > 1 ? "an index can have only one ellipsis"
                                            : "too many indices (\(consumed)) for a tensor of rank \(rank)"))
        }
        var expanded: [TensorIndex] = []
        for index in indices {
            if case .ellipsis = index {
                expanded += Array(repeating: .all, count: rank - consumed)
            } else {
                expanded.append(index)
            }
        }
        if ellipses == 0 { expanded += Array(repeating: .all, count: rank - consumed) }
        return .success(expanded)
    }

    /// Basic indexing (no `.array` entries) of expanded entries: a strided
    /// slice, reversed where a step is negative, reshaped; `location` (the
    /// caller's) is recorded on the slice and named by errors.
    func basicIndex(_ expanded: [TensorIndex], location: String?) -> Tensor {
        var starts: [Int] = [], limits: [Int] = [], strides: [Int] = [], reversedAxes: [Int] = []
        var resultShape: [Int] = []
        var axis = 0
        for index in expanded {
            switch index {
            case .newAxis:
                resultShape.append(1)
            case let .at(position):
                let size = shape[axis]
                guard (-size..<size).contains(position) else {
                    return .invalid("index", [self], "index \(position) is out of bounds for axis \(axis) with size \(size)",
                                    location: location, result: type)
                }
                let start = position < 0 ? position + size : position
                starts.append(start); limits.append(start + 1); strides.append(1)
                axis += 1
            case let .slice(start, stop, step):
                guard step != 0 else {
                    return .invalid("index", [self], "slice step cannot be zero", location: location, result: type)
                }
                let (first, count) = Tensor.sliceBounds(start, stop, step, size: shape[axis])
                // Taking one element or none, any stride will do: 1 keeps a step of Int.min from being negated.
                let stride = count <= 1 ? 1 : Swift.abs(step)
                if step > 0 {
                    starts.append(first); limits.append(first + Swift.max(0, (count - 1) * stride + 1)); strides.append(stride)
                } else {
                    // Reverse the axis, then slice forward from the mirrored start.
                    reversedAxes.append(axis)
                    let mirrored = shape[axis] - 1 - first
                    starts.append(count == 0 ? 0 : mirrored)
                    limits.append(count == 0 ? 0 : mirrored + (count - 1) * stride + 1)
                    strides.append(stride)
                }
                resultShape.append(count)
                axis += 1
            case .ellipsis, .array:
                break
            }
        }
        let source = reversedAxes.isEmpty ? self : reversed(axes: reversedAxes)
        return source.sliced(starts: starts, limits: limits, strides: strides, location: location).reshaped(resultShape)
    }

    /// Python's slice semantics: the first index taken and how many.
    static func sliceBounds(_ start: Int?, _ stop: Int?, _ step: Int, size: Int) -> (first: Int, count: Int) {
        func clamp(_ value: Int, _ low: Int, _ high: Int) -> Int { Swift.min(Swift.max(value, low), high) }
        func resolve(_ value: Int?, default fallback: Int, low: Int, high: Int) -> Int {
            guard let value else { return fallback }
            return clamp(value < 0 ? value + size : value, low, high)
        }
        // Positions taken from `span` in a row, every `step.magnitude`-th (no overflow for any step).
        func taken(_ span: Int) -> Int { span <= 0 ? 0 : Int(UInt(span - 1) / step.magnitude) + 1 }
        if step > 0 {
            let first = resolve(start, default: 0, low: 0, high: size)
            let end = resolve(stop, default: size, low: 0, high: size)
            return (first, taken(end - first))
        }
        let first = resolve(start, default: size - 1, low: -1, high: size - 1)
        let end = resolve(stop, default: -1, low: -1, high: size - 1)
        return (first, taken(first - end))
    }
}

/// Why an index was rejected, as one sentence.
struct IndexingFailure: Error {
    let message: String
}

extension [TensorIndex] {
    /// The integer tensors among the entries.
    var arrays: [Tensor] { compactMap { if case let .array(tensor) = $0 { tensor } else { nil } } }
}

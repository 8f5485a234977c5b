import XLAIR

/// One entry of a basic NumPy index: `x[1, 2..<5, .newAxis, .ellipsis]`.
public enum TensorIndex: ExpressibleByIntegerLiteral, Sendable {
    /// One position along an axis (negative counts from the end); the axis goes away.
    case at(Int)
    /// A Python slice `start:stop:step`; nil bounds mean the whole extent
    /// in the step's direction.
    case slice(start: Int?, stop: Int?, step: Int)
    /// A new axis of size 1 (`None` / `np.newaxis`).
    case newAxis
    /// As many whole axes as needed (`...`).
    case ellipsis

    /// Every element along the axis (`:`).
    public static let all = TensorIndex.slice(start: nil, stop: nil, step: 1)

    /// A position.
    public init(integerLiteral value: Int) { self = .at(value) }

    /// `range.lowerBound ..< range.upperBound`.
    public static func range(_ range: Range<Int>, step: Int = 1) -> TensorIndex {
        .slice(start: range.lowerBound, stop: range.upperBound, step: step)
    }

    /// `range.lowerBound ...`, to the end.
    public static func from(_ start: Int, step: Int = 1) -> TensorIndex { .slice(start: start, stop: nil, step: step) }

    /// Up to, not including, `stop`.
    public static func upTo(_ stop: Int, step: Int = 1) -> TensorIndex { .slice(start: nil, stop: stop, step: step) }

    /// Every `step`-th element (`::step`; a negative step reverses).
    public static func every(_ step: Int) -> TensorIndex { .slice(start: nil, stop: nil, step: step) }
}

extension Tensor {
    /// Basic NumPy indexing: integers, slices, new axes and an ellipsis.
    /// An integer out of range poisons the result (JAX's `IndexError`).
    public subscript(_ indices: TensorIndex...) -> Tensor { index(indices) }

    /// Basic NumPy indexing with the entries in an array.
    public subscript(_ indices: [TensorIndex]) -> Tensor { index(indices) }

    /// The elements `range` along the first axis.
    public subscript(_ range: Range<Int>) -> Tensor { index([.range(range)]) }

    func index(_ indices: [TensorIndex], file: String = #fileID, line: Int = #line) -> Tensor {
        let consumed = indices.filter { if case .newAxis = $0 { false } else if case .ellipsis = $0 { false } else { true } }.count
        let ellipses = indices.filter { if case .ellipsis = $0 { true } else { false } }.count
        guard ellipses <= 1, consumed <= rank else {
            return .invalid("index", [self], ellipses > 1 ? "an index can have only one ellipsis"
                            : "too many indices (\(consumed)) for a tensor of rank \(rank)",
                            location: location(file, line), result: type)
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
                                    location: location(file, line), result: type)
                }
                let start = position < 0 ? position + size : position
                starts.append(start); limits.append(start + 1); strides.append(1)
                axis += 1
            case let .slice(start, stop, step):
                guard step != 0 else {
                    return .invalid("index", [self], "slice step cannot be zero", location: location(file, line), result: type)
                }
                let (first, count) = Tensor.sliceBounds(start, stop, step, size: shape[axis])
                if step > 0 {
                    starts.append(first); limits.append(first + Swift.max(0, (count - 1) * step + 1)); strides.append(step)
                } else {
                    // Reverse the axis, then slice forward from the mirrored start.
                    reversedAxes.append(axis)
                    let mirrored = shape[axis] - 1 - first
                    starts.append(count == 0 ? 0 : mirrored)
                    limits.append(count == 0 ? 0 : mirrored + (count - 1) * -step + 1)
                    strides.append(-step)
                }
                resultShape.append(count)
                axis += 1
            case .ellipsis:
                break
            }
        }
        let source = reversedAxes.isEmpty ? self : reversed(axes: reversedAxes, file: file, line: line)
        return source.sliced(starts: starts, limits: limits, strides: strides, file: file, line: line)
            .reshaped(resultShape, file: file, line: line)
    }

    /// Python's slice semantics: the first index taken and how many.
    static func sliceBounds(_ start: Int?, _ stop: Int?, _ step: Int, size: Int) -> (first: Int, count: Int) {
        func clamp(_ value: Int, _ low: Int, _ high: Int) -> Int { Swift.min(Swift.max(value, low), high) }
        func resolve(_ value: Int?, default fallback: Int, low: Int, high: Int) -> Int {
            guard let value else { return fallback }
            return clamp(value < 0 ? value + size : value, low, high)
        }
        if step > 0 {
            let first = resolve(start, default: 0, low: 0, high: size)
            let end = resolve(stop, default: size, low: 0, high: size)
            return (first, Swift.max(0, (end - first + step - 1) / step))
        }
        let first = resolve(start, default: size - 1, low: -1, high: size - 1)
        let end = resolve(stop, default: -1, low: -1, high: size - 1)
        return (first, Swift.max(0, (first - end - step - 1) / -step))
    }
}

import XLAIR

/// One entry of a NumPy index: `x[1, 2..<5, .newAxis, .ellipsis]`, or an
/// integer tensor for advanced indexing: `x[.array(i), .all]`.
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
    /// An integer tensor of positions along the axis (NumPy's integer-array
    /// advanced indexing; negative positions count from the end). All array
    /// entries broadcast together (NumPy's rules; see `Docs/Indexing.md`).
    case array(Tensor)

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

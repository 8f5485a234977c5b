/// The axes a normalization module works over (Haiku's `AxisOrAxes`): one
/// axis, a list of axes, or a slice of the input's axes.
///
/// Write an integer (`-1`), an array (`[1, 2]`) or a range: `1...` is
/// Haiku's `slice(1, None)` (every axis from 1 on), `1..<3` is
/// `slice(1, 3)`, `..<(-1)` is `slice(None, -1)`, `(-2)...` is
/// `slice(-2, None)` (the last two axes). A Swift range needs its lower
/// bound at most its upper one, so a slice whose bounds have different
/// signs, such as `slice(1, -1)`, or one with a step, is written
/// ``slice(start:end:step:)``: `.slice(start: 1, end: -1)`. Negative values
/// count from the end. A slice selects `range(rank)[slice]` as in Python,
/// so it may select no axis at all on a small input.
///
/// ```swift
/// let axes: Axes = 1...
/// try axes.resolved(rank: 4)           // [1, 2, 3]
/// try Axes([-1, 1]).resolved(rank: 3)  // [1, 2]
/// try Axes.slice(start: nil, end: nil, step: 2).resolved(rank: 5)  // [0, 2, 4]
/// ```
public enum Axes: Sendable, Hashable, ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral, CustomStringConvertible {
    /// One axis.
    case axis(Int)
    /// Several axes, in any order.
    case list([Int])
    /// Python's `slice(start, end, step)` of the input's axes; nil bounds
    /// are open.
    case slice(start: Int?, end: Int?, step: Int = 1)

    /// `.axis(value)`.
    public init(integerLiteral value: Int) { self = .axis(value) }

    /// `.list(elements)`.
    public init(arrayLiteral elements: Int...) { self = .list(elements) }

    /// `.list(axes)`.
    public init(_ axes: [Int]) { self = .list(axes) }

    /// `slice(lower, upper)`.
    public init(_ range: Range<Int>) { self = .slice(start: range.lowerBound, end: range.upperBound) }

    /// `slice(lower, upper + 1)`; `(-2)...(-1)` is `slice(-2, None)`.
    public init(_ range: ClosedRange<Int>) {
        self = .slice(start: range.lowerBound, end: range.upperBound == -1 ? nil : range.upperBound + 1)
    }

    /// `slice(lower, None)`.
    public init(_ range: PartialRangeFrom<Int>) { self = .slice(start: range.lowerBound, end: nil) }

    /// `slice(None, upper)`.
    public init(_ range: PartialRangeUpTo<Int>) { self = .slice(start: nil, end: range.upperBound) }

    /// As written in Swift: `-1`, `[1, 2]`, `1...`, `1..<3`, or
    /// `.slice(start: nil, end: nil, step: 2)`.
    public var description: String {
        switch self {
        case let .axis(axis): "\(axis)"
        case let .list(axes): "\(axes)"
        case let .slice(start?, nil, 1): "\(Axes.bound(start))..."
        case let .slice(nil, end?, 1): "..<\(Axes.bound(end))"
        case let .slice(start?, end?, 1) where start <= end: "\(Axes.bound(start))..<\(Axes.bound(end))"
        case let .slice(start, end, step):
            ".slice(start: \(start.map(String.init) ?? "nil"), end: \(end.map(String.init) ?? "nil"), step: \(step))"
        }
    }

    /// A range bound as Swift needs it written: negative ones in parentheses.
    private static func bound(_ value: Int) -> String { value < 0 ? "(\(value))" : "\(value)" }

    /// The axes of a rank-`rank` input, sorted and non-negative, as
    /// `jnp.mean` takes them: negative axes count from the end.
    ///
    /// - Throws: ``HaikuError/invalidArgument(_:location:)`` for an axis out
    ///   of range, one given twice, or a slice step of 0.
    public func resolved(rank: Int) throws(HaikuError) -> [Int] {
        try Axes.checked(indices(rank: rank), rank: rank).sorted()
    }

    /// The axes as written, or a slice's indices in the slice's order
    /// (Python's `range(rank)[slice]`); nothing is checked but the step.
    func indices(rank: Int) throws(HaikuError) -> [Int] {
        switch self {
        case let .axis(axis): return [axis]
        case let .list(axes): return axes
        case let .slice(start, end, step): return try Axes.sliceIndices(start: start, end: end, step: step, count: rank)
        }
    }

    /// Haiku's `to_abs_axes` (LayerNorm, and every `param_axis`): a slice's
    /// indices as they come; listed axes taken modulo `rank` (so an axis
    /// past the end wraps around, as in Haiku), without repeats, sorted.
    ///
    /// - Throws: for a list on a scalar input (Python's modulo by zero), or
    ///   a slice step of 0.
    func wrapped(rank: Int) throws(HaikuError) -> [Int] {
        guard case .slice = self else {
            let axes = try indices(rank: rank)
            guard rank > 0 else {
                throw HaikuError.invalidArgument("axis \(self) cannot be taken modulo the rank of a scalar input", location: nil)
            }
            return Set(axes.map { ($0 % rank + rank) % rank }).sorted()
        }
        return try indices(rank: rank)
    }

    /// `axes` made non-negative against `rank`, in their order, as JAX
    /// normalizes a reduction's axes.
    ///
    /// - Throws: for an axis out of range (NumPy's message) or given twice
    ///   (JAX's).
    static func checked(_ axes: [Int], rank: Int) throws(HaikuError) -> [Int] {
        var result: [Int] = []
        for axis in axes {
            guard (-rank..<rank).contains(axis) else {
                throw HaikuError.invalidArgument("axis \(axis) is out of bounds for array of dimension \(rank)", location: nil)
            }
            result.append(axis < 0 ? axis + rank : axis)
        }
        guard Set(result).count == result.count else {
            let written = axes.count == 1 ? "(\(axes[0]),)" : "(\(axes.map(String.init).joined(separator: ", ")))"
            throw HaikuError.invalidArgument("duplicate value in 'axis': \(written)", location: nil)
        }
        return result
    }

    /// `range(count)[slice(start, end, step)]`, with Python's clamping.
    private static func sliceIndices(start: Int?, end: Int?, step: Int, count: Int) throws(HaikuError) -> [Int] {
        guard step != 0 else { throw HaikuError.invalidArgument("slice step cannot be zero", location: nil) }
        let (lower, upper) = step > 0 ? (0, count) : (-1, count - 1)
        func bound(_ value: Int?, default: Int) -> Int {
            guard let value else { return `default` }
            return value < 0 ? Swift.max(value + count, lower) : Swift.min(value, upper)
        }
        let first = bound(start, default: step > 0 ? lower : upper)
        let last = bound(end, default: step > 0 ? upper : lower)
        return Array(stride(from: first, to: last, by: step))
    }
}

/// What a normalization module accepts where Haiku takes `AxisOrAxes`: an
/// ``Axes``, an integer, an array of integers, or a range (`1...`, `1..<3`,
/// `..<(-1)`, `0...2`), each read as ``Axes`` reads it.
public protocol AxesConvertible: Sendable {
    /// The axes this value names.
    var axes: Axes { get }
}

extension Axes: AxesConvertible {
    /// Itself.
    public var axes: Axes { self }
}

extension Int: AxesConvertible {
    /// `.axis(self)`.
    public var axes: Axes { .axis(self) }
}

extension Array: AxesConvertible where Element == Int {
    /// `.list(self)`.
    public var axes: Axes { .list(self) }
}

extension Range: AxesConvertible where Bound == Int {
    /// `slice(lowerBound, upperBound)`.
    public var axes: Axes { Axes(self) }
}

extension ClosedRange: AxesConvertible where Bound == Int {
    /// `slice(lowerBound, upperBound + 1)`.
    public var axes: Axes { Axes(self) }
}

extension PartialRangeFrom: AxesConvertible where Bound == Int {
    /// `slice(lowerBound, None)`.
    public var axes: Axes { Axes(self) }
}

extension PartialRangeUpTo: AxesConvertible where Bound == Int {
    /// `slice(None, upperBound)`.
    public var axes: Axes { Axes(self) }
}

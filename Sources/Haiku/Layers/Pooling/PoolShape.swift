/// A pooling window shape or stride as Haiku takes it: one integer for
/// every spatial axis, or one entry per axis.
///
/// Write `2` or `[1, 2, 2, 1]`: `maxPool(x, windowShape: 2, strides: 2, padding: .valid)`.
public enum PoolShape: Sendable, Equatable, ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral,
    CustomStringConvertible {
    /// The same size on every axis but the first and the channel axis,
    /// which get 1 (Haiku's rule for an `int`).
    case uniform(Int)
    /// One size per trailing axis; missing leading axes get 1 (they are
    /// batch axes), as Haiku's rule for a sequence.
    case perAxis([Int])

    /// `.uniform(value)`.
    public init(integerLiteral value: Int) { self = .uniform(value) }

    /// `.perAxis(elements)`.
    public init(arrayLiteral elements: Int...) { self = .perAxis(elements) }

    /// The Haiku spelling: `2` or `[1, 2, 2, 1]`.
    public var description: String {
        switch self {
        case .uniform(let size): "\(size)"
        case .perAxis(let sizes): "\(sizes)"
        }
    }

    /// One size per axis of a `rank`-dimensional value (Haiku's
    /// `_infer_shape`), or an error message. An `Int` channel axis of 0 is
    /// ignored, as Haiku's truthiness test ignores it (the first axis gets 1
    /// anyway).
    func expanded(rank: Int, channelAxis: Int?) -> Result<[Int], PoolingError> {
        switch self {
        case .uniform(let size):
            var channel: Int?
            if let axis = channelAxis, axis != 0 {
                guard Swift.abs(axis) < rank else { return .failure(.init("invalid channel axis \(axis) for rank \(rank)")) }
                channel = axis < 0 ? axis + rank : axis
            }
            return .success((0..<rank).map { (axis: Int) -> Int in axis == 0 || axis == channel ? 1 : size })
        case .perAxis(let sizes):
            guard sizes.count <= rank else {
                return .failure(.init("\(sizes) has more entries than the value's \(rank) axes"))
            }
            return .success(Array(repeating: 1, count: rank - sizes.count) + sizes)
        }
    }
}

/// Why a pooling call's arguments were rejected.
struct PoolingError: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}

/// A convolution's kernel shape, stride, rate or output shape as Haiku
/// takes it: one integer for every spatial dimension, or a list of one
/// entry or of one entry per spatial dimension (Haiku's `replicate`).
///
/// Write `3` or `[3, 5]`; a variable is `.uniform(size)`.
public enum SpatialShape: Sendable, Equatable, ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral,
    CustomStringConvertible {
    /// The same size along every spatial dimension.
    case uniform(Int)
    /// One size, repeated, or one size per spatial dimension.
    case perDimension([Int])

    /// `.uniform(value)`.
    public init(integerLiteral value: Int) { self = .uniform(value) }

    /// `.perDimension(elements)`.
    public init(arrayLiteral elements: Int...) { self = .perDimension(elements) }

    /// The Haiku spelling: `3` or `[3, 5]`.
    public var description: String {
        switch self {
        case let .uniform(size): "\(size)"
        case let .perDimension(sizes): "\(sizes)"
        }
    }

    /// One size per spatial dimension of `count` (`utils.replicate`).
    ///
    /// - Parameter name: the argument's name, for the error.
    /// - Throws: ``HaikuError/invalidArgument(_:location:)`` when a list has
    ///   neither one nor `count` entries.
    public func replicated(_ count: Int, name: String) throws(HaikuError) -> [Int] {
        switch self {
        case let .uniform(size):
            return Array(repeating: size, count: count)
        case let .perDimension(sizes) where sizes.count == 1:
            return Array(repeating: sizes[0], count: count)
        case let .perDimension(sizes) where sizes.count == count:
            return sizes
        case .perDimension:
            throw HaikuError.invalidArgument(
                "\(name) must be a scalar or sequence of length 1 or sequence of length \(count)",
                location: nil)
        }
    }
}

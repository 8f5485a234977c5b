import XLATypes

/// The host values of an array, in row-major order, in the widest Swift
/// type of their kind; the array's ``ElementType`` says how to print them.
public enum FormattableValues: Sendable, Equatable {
    /// Booleans.
    case bools([Bool])
    /// Signed integers of any width.
    case integers([Int64])
    /// Unsigned integers of any width.
    case unsignedIntegers([UInt64])
    /// Floats of any width, each exactly a value of the array's element type.
    case floats([Double])

    /// The number of values.
    public var count: Int {
        switch self {
        case .bools(let values): values.count
        case .integers(let values): values.count
        case .unsignedIntegers(let values): values.count
        case .floats(let values): values.count
        }
    }
}

import XLAIR

/// The range check JAX makes when a Python `int` becomes a tensor: a value
/// its integer dtype cannot hold is an error (`OverflowError`), not a
/// wrapped number. Swift's `Int` and `UInt` (and so integer literals) play
/// the Python `int`'s part; sized types (`Int64`, `UInt8`, ...) are NumPy
/// arrays, which JAX narrows by wrapping, and are not checked.
enum IntegerBounds {
    /// A poisoned tensor of `type` naming the first of `values` that
    /// `type`'s element type cannot hold; nil when every value fits or the
    /// values are not `Int`/`UInt`.
    static func overflow<T: TensorScalar>(_ values: [T], as type: TensorType, explicit: Bool,
                                          location: String?) -> Tensor? {
        guard T.self == Int.self || T.self == UInt.self, type.elementType.isInteger,
              let value = values.first(where: { !fits($0.scalar, in: type.elementType) }) else { return nil }
        var reason = "the integer \(value) is out of bounds for \(type.elementType)"
        if !explicit, !Configuration.x64 {
            reason += "; with 64-bit types off (Configuration.x64) a Swift \(T.self) becomes \(type.elementType): " +
                "use Configuration.withX64 or a floating-point value"
        }
        return Tensor.invalid("tensor", [], reason, location: location, result: type)
    }

    /// Whether the integer `scalar` lies in the range of the integer `dtype`.
    static func fits(_ scalar: Scalar, in dtype: ElementType) -> Bool {
        let width = UInt64(dtype.byteCount * 8)
        let signedMax = Int64.max >> (64 - width), unsignedMax = UInt64.max >> (64 - width)
        switch scalar {
        case let .int(value):
            return dtype.isSignedInteger ? (~signedMax...signedMax).contains(value)
                : value >= 0 && UInt64(value) <= unsignedMax
        case let .uint(value):
            return value <= (dtype.isSignedInteger ? UInt64(signedMax) : unsignedMax)
        default:
            return true
        }
    }
}

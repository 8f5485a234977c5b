/// A brain floating-point number: the upper 16 bits of a `Float`.
///
/// Swift has no built-in `bfloat16`; this type stores the bits and converts
/// to and from `Float` with round-to-nearest-even, as XLA and JAX do.
public struct BFloat16: Hashable, Sendable {
    /// The raw bit pattern.
    public var bitPattern: UInt16

    /// Creates a value from its raw bit pattern.
    public init(bitPattern: UInt16) {
        self.bitPattern = bitPattern
    }

    /// Rounds a `Float` to the nearest `BFloat16`, ties to even; NaN stays NaN.
    public init(_ value: Float) {
        let bits = value.bitPattern
        if value.isNaN {
            // Keep the sign and make sure a mantissa bit survives truncation.
            bitPattern = UInt16(truncatingIfNeeded: bits >> 16) | 0x0040
            return
        }
        let roundingBias: UInt32 = 0x7FFF + ((bits >> 16) & 1)
        bitPattern = UInt16(truncatingIfNeeded: (bits &+ roundingBias) >> 16)
    }

    /// The exact `Float` value.
    public var floatValue: Float { Float(bitPattern: UInt32(bitPattern) << 16) }
}

extension Float {
    /// The exact value of a `BFloat16`.
    public init(_ value: BFloat16) { self = value.floatValue }
}

extension BFloat16: CustomStringConvertible {
    /// The value printed as a `Float`.
    public var description: String { floatValue.description }
}

extension BFloat16: ExpressibleByFloatLiteral {
    /// Creates the nearest `BFloat16` to a literal.
    public init(floatLiteral value: Float) { self.init(value) }
}

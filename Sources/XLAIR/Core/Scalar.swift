/// One element of a ``Literal``, in the widest Swift type of its kind.
public enum Scalar: Hashable, Sendable {
    /// A boolean.
    case bool(Bool)
    /// A signed integer, sign-extended.
    case int(Int64)
    /// An unsigned integer, zero-extended.
    case uint(UInt64)
    /// A floating-point number (every f16, bf16 and f32 value is exact as a `Double`).
    case float(Double)

    /// Decodes the raw bits of one element of `type` (low bits used).
    public init(bits: UInt64, as type: ElementType) {
        switch type {
        case .bool: self = .bool(bits & 1 != 0)
        case .int8: self = .int(Int64(Int8(truncatingIfNeeded: bits)))
        case .int16: self = .int(Int64(Int16(truncatingIfNeeded: bits)))
        case .int32: self = .int(Int64(Int32(truncatingIfNeeded: bits)))
        case .int64: self = .int(Int64(bitPattern: bits))
        case .uint8, .uint16, .uint32, .uint64: self = .uint(bits)
        case .float16: self = .float(Double(Float16(bitPattern: UInt16(truncatingIfNeeded: bits))))
        case .bfloat16: self = .float(Double(BFloat16(bitPattern: UInt16(truncatingIfNeeded: bits)).floatValue))
        case .float32: self = .float(Double(Float(bitPattern: UInt32(truncatingIfNeeded: bits))))
        case .float64: self = .float(Double(bitPattern: bits))
        }
    }

    /// The raw bits of this value converted to `type` as XLA's `convert`
    /// does: integers wrap, floats round to nearest, floats become integers
    /// truncated toward zero and saturated at the type's bounds (NaN gives
    /// 0), anything nonzero is `true`.
    public func bits(as type: ElementType) -> UInt64 {
        if type == .bool { return isZero ? 0 : 1 }
        if type.isFloatingPoint {
            let value = doubleValue
            switch type {
            case .float16: return UInt64(Float16(value).bitPattern)
            case .bfloat16: return UInt64(BFloat16(Float(value)).bitPattern)
            case .float32: return UInt64(Float(value).bitPattern)
            default: return value.bitPattern
            }
        }
        let width = type.byteCount * 8
        let raw: UInt64
        switch self {
        case let .bool(value): raw = value ? 1 : 0
        case let .int(value): raw = UInt64(bitPattern: value)
        case let .uint(value): raw = value
        case let .float(value) where type.isUnsignedInteger:
            let high = UInt64.max >> (64 - width)
            raw = value.isNaN || value <= 0 ? 0 : value >= Double(high) ? high : UInt64(value)
        case let .float(value):
            let high = Int64.max >> (64 - width)
            raw = UInt64(bitPattern: value.isNaN ? 0 : value >= Double(high) ? high : value <= Double(~high) ? ~high
                         : Int64(value))
        }
        return width == 64 ? raw : raw & ((1 << UInt64(width)) - 1)
    }

    /// The value as a `Double` (integers may round).
    public var doubleValue: Double {
        switch self {
        case let .bool(value): value ? 1 : 0
        case let .int(value): Double(value)
        case let .uint(value): Double(value)
        case let .float(value): value
        }
    }

    private var isZero: Bool {
        switch self {
        case let .bool(value): !value
        case let .int(value): value == 0
        case let .uint(value): value == 0
        case let .float(value): value == 0
        }
    }
}

/// The element type of a tensor or device buffer, as XLA knows it.
///
/// The raw value is the name StableHLO prints (`f32`, `bf16`, `i1`, `ui8`, ...),
/// so `tensor<2x3xf32>` spells a `[2, 3]` tensor of ``float32``.
public enum ElementType: String, Sendable, CaseIterable, Hashable {
    /// Booleans (`i1` in StableHLO, XLA's `PRED`), one byte per element.
    case bool = "i1"
    /// Signed 8-bit integers.
    case int8 = "i8"
    /// Signed 16-bit integers.
    case int16 = "i16"
    /// Signed 32-bit integers.
    case int32 = "i32"
    /// Signed 64-bit integers.
    case int64 = "i64"
    /// Unsigned 8-bit integers.
    case uint8 = "ui8"
    /// Unsigned 16-bit integers.
    case uint16 = "ui16"
    /// Unsigned 32-bit integers.
    case uint32 = "ui32"
    /// Unsigned 64-bit integers.
    case uint64 = "ui64"
    /// IEEE half precision.
    case float16 = "f16"
    /// Brain floating point: float32's exponent with a 7-bit mantissa.
    case bfloat16 = "bf16"
    /// IEEE single precision.
    case float32 = "f32"
    /// IEEE double precision.
    case float64 = "f64"

    /// Bytes per element in a dense buffer.
    public var byteCount: Int {
        switch self {
        case .bool, .int8, .uint8: 1
        case .int16, .uint16, .float16, .bfloat16: 2
        case .int32, .uint32, .float32: 4
        case .int64, .uint64, .float64: 8
        }
    }

    /// Whether this is a floating-point type.
    public var isFloatingPoint: Bool {
        switch self {
        case .float16, .bfloat16, .float32, .float64: true
        default: false
        }
    }

    /// Whether this is a signed or unsigned integer type (not `bool`).
    public var isInteger: Bool { isSignedInteger || isUnsignedInteger }

    /// Whether this is a signed integer type.
    public var isSignedInteger: Bool {
        switch self {
        case .int8, .int16, .int32, .int64: true
        default: false
        }
    }

    /// Whether this is an unsigned integer type.
    public var isUnsignedInteger: Bool {
        switch self {
        case .uint8, .uint16, .uint32, .uint64: true
        default: false
        }
    }

    /// The NumPy/JAX name of the type (`float32`, `bool`, `uint8`, ...).
    public var name: String {
        switch self {
        case .bool: "bool"
        case .int8: "int8"
        case .int16: "int16"
        case .int32: "int32"
        case .int64: "int64"
        case .uint8: "uint8"
        case .uint16: "uint16"
        case .uint32: "uint32"
        case .uint64: "uint64"
        case .float16: "float16"
        case .bfloat16: "bfloat16"
        case .float32: "float32"
        case .float64: "float64"
        }
    }
}

extension ElementType: CustomStringConvertible {
    /// The NumPy/JAX name, e.g. `float32`.
    public var description: String { name }
}

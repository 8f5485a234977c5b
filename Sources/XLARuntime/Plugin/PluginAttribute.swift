import CXLA

/// The value of a plugin, device or client attribute.
public enum PluginAttribute: Hashable, Sendable, CustomStringConvertible {
    /// A string.
    case string(String)
    /// An integer.
    case int(Int64)
    /// A list of integers (for example a version `[1, 20, 0]`).
    case ints([Int64])
    /// A float.
    case float(Float)
    /// A boolean.
    case bool(Bool)

    init(_ value: PJRT_NamedValue) {
        switch value.type {
        case PJRT_NamedValue_kString:
            self = .string(swiftString(value.string_value, value.value_size))
        case PJRT_NamedValue_kInt64:
            self = .int(value.int64_value)
        case PJRT_NamedValue_kInt64List:
            self = .ints(Array(UnsafeBufferPointer(start: value.int64_array_value, count: value.value_size)))
        case PJRT_NamedValue_kFloat:
            self = .float(value.float_value)
        default:
            self = .bool(value.bool_value)
        }
    }

    /// The value as users read it: `1.20.0` for a version list.
    public var description: String {
        switch self {
        case let .string(value): value
        case let .int(value): "\(value)"
        case let .ints(values): values.map(String.init).joined(separator: ".")
        case let .float(value): "\(value)"
        case let .bool(value): "\(value)"
        }
    }
}

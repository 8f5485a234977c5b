/// A Swift scalar type whose in-memory representation is exactly one XLA
/// element, so arrays of it can be copied to and from device buffers as bytes.
///
/// Conforming types: `Bool`, `Int8`...`Int64`, `Int` (as `int64`), `UInt8`...`UInt64`,
/// `UInt` (as `uint64`), `Float16`, ``BFloat16``, `Float`, `Double`.
public protocol HostElement: Sendable {
    /// The element type this Swift type stores.
    static var elementType: ElementType { get }
}

extension Bool: HostElement { public static var elementType: ElementType { .bool } }
extension Int8: HostElement { public static var elementType: ElementType { .int8 } }
extension Int16: HostElement { public static var elementType: ElementType { .int16 } }
extension Int32: HostElement { public static var elementType: ElementType { .int32 } }
extension Int64: HostElement { public static var elementType: ElementType { .int64 } }
extension Int: HostElement { public static var elementType: ElementType { .int64 } }
extension UInt8: HostElement { public static var elementType: ElementType { .uint8 } }
extension UInt16: HostElement { public static var elementType: ElementType { .uint16 } }
extension UInt32: HostElement { public static var elementType: ElementType { .uint32 } }
extension UInt64: HostElement { public static var elementType: ElementType { .uint64 } }
extension UInt: HostElement { public static var elementType: ElementType { .uint64 } }
extension Float16: HostElement { public static var elementType: ElementType { .float16 } }
extension BFloat16: HostElement { public static var elementType: ElementType { .bfloat16 } }
extension Float: HostElement { public static var elementType: ElementType { .float32 } }
extension Double: HostElement { public static var elementType: ElementType { .float64 } }

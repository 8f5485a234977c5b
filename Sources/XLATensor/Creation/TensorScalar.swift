import XLAIR

/// A Swift number type tensors can be made from.
///
/// Each has the dtype JAX would give the same Python or NumPy data:
/// `Double` → `float32` (`float64` with x64 on), `Int` → `int32` (`int64`),
/// `UInt` → `uint32` (`uint64`); the sized types map to themselves.
public protocol TensorScalar: HostElement {
    /// The element as an IR scalar.
    var scalar: Scalar { get }
    /// The dtype a tensor of these values gets by default.
    static func defaultDType(x64: Bool) -> ElementType
}

extension TensorScalar {
    /// The sized types keep their own dtype (narrowed to 32 bits without x64).
    public static func defaultDType(x64: Bool) -> ElementType { TypePromotion.canonical(elementType, x64: x64) }
}

extension Bool: TensorScalar { public var scalar: Scalar { .bool(self) } }
extension Int8: TensorScalar { public var scalar: Scalar { .int(Int64(self)) } }
extension Int16: TensorScalar { public var scalar: Scalar { .int(Int64(self)) } }
extension Int32: TensorScalar { public var scalar: Scalar { .int(Int64(self)) } }
extension Int64: TensorScalar { public var scalar: Scalar { .int(self) } }
extension Int: TensorScalar { public var scalar: Scalar { .int(Int64(self)) } }
extension UInt8: TensorScalar { public var scalar: Scalar { .uint(UInt64(self)) } }
extension UInt16: TensorScalar { public var scalar: Scalar { .uint(UInt64(self)) } }
extension UInt32: TensorScalar { public var scalar: Scalar { .uint(UInt64(self)) } }
extension UInt64: TensorScalar { public var scalar: Scalar { .uint(self) } }
extension UInt: TensorScalar { public var scalar: Scalar { .uint(UInt64(self)) } }
extension Float16: TensorScalar { public var scalar: Scalar { .float(Double(self)) } }
extension BFloat16: TensorScalar { public var scalar: Scalar { .float(Double(floatValue)) } }
extension Float: TensorScalar { public var scalar: Scalar { .float(Double(self)) } }
extension Double: TensorScalar { public var scalar: Scalar { .float(self) } }

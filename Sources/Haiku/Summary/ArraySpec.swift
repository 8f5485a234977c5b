/// A tensor's shape and dtype, written as Haiku writes them: `f32[8,784]`,
/// `s32[]`, `bf16[3]` (`hk.experimental.ArraySpec`).
public struct ArraySpec: Equatable, Sendable, CustomStringConvertible {
    /// The shape.
    public let shape: [Int]
    /// The element type.
    public let dtype: ElementType

    /// A spec of this shape and dtype.
    public init(shape: [Int], dtype: ElementType) {
        self.shape = shape
        self.dtype = dtype
    }

    /// The spec of `tensor`.
    public init(_ tensor: Tensor) {
        shape = tensor.shape
        dtype = tensor.dtype
    }

    /// `f32[8,784]`.
    public var description: String {
        let bits = dtype.byteCount * 8
        let name = dtype == .bool ? "bool" : dtype.isSignedInteger ? "s\(bits)" : dtype.isUnsignedInteger ? "u\(bits)" : dtype.rawValue
        return "\(name)[\(shape.map(String.init).joined(separator: ","))]"
    }

    /// The number of elements.
    public var size: Int { shape.reduce(1, *) }
}

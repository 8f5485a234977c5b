/// A tensor's shape and dtype, written as Haiku writes them: `f32[8,784]`,
/// `s32[]`, `bf16[3]` (`hk.experimental.ArraySpec`).
public struct ArraySpec: Equatable, Sendable, CustomStringConvertible {
    /// The shape.
    public let shape: [Int]
    /// The element type.
    public let dtype: ElementType

    /// The spec of `tensor`.
    public init(_ tensor: Tensor) {
        shape = tensor.shape
        dtype = tensor.dtype
    }

    /// `f32[8,784]`.
    public var description: String {
        let name = dtype.name.replacingOccurrences("complex", "c").replacingOccurrences("float", "f")
            .replacingOccurrences("uint", "u").replacingOccurrences("int", "s")
        return "\(name)[\(shape.map(String.init).joined(separator: ","))]"
    }

    /// The number of elements.
    var size: Int { shape.reduce(1, *) }
}

extension String {
    /// This string with every `target` replaced by `replacement`.
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        var result = ""
        var rest = Substring(self)
        while let range = rest.range(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}

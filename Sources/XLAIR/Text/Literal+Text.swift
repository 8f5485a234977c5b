extension Literal {
    /// The literal in IR text: `dense<[1.5, -0.0, inf]> : tensor<3xf32>`.
    ///
    /// Integers print in decimal, booleans as `true`/`false`, finite floats
    /// as the shortest decimal that reads back to the same value, infinities
    /// as `inf`/`-inf` and NaNs as their bit pattern (`0x7FC00000`), so
    /// every value round-trips exactly. A literal whose elements are all
    /// equal prints its element once (a splat); an empty one prints `dense<>`.
    public var irText: String {
        let body = elementCount == 0 ? "" : isSplat ? elementText(0) : nestedList(elementText)
        return "dense<\(body)> : \(type)"
    }

    private func elementText(_ index: Int) -> String {
        let bits = bitPattern(at: index)
        switch Scalar(bits: bits, as: type.elementType) {
        case let .bool(value): return value.description
        case let .int(value): return value.description
        case let .uint(value): return value.description
        case let .float(value):
            if value.isNaN {
                let digits = String(bits, radix: 16, uppercase: true)
                return "0x" + String(repeating: "0", count: type.elementType.byteCount * 2 - digits.count) + digits
            }
            if value.isInfinite { return value < 0 ? "-inf" : "inf" }
            switch type.elementType {
            case .float16: return Float16(value).description
            case .float64: return value.description
            default: return Float(value).description
            }
        }
    }

    /// Reads one element's bits from its IR text for an element type; nil
    /// when the text does not spell a value of that type.
    static func elementBits(_ text: String, as elementType: ElementType) -> UInt64? {
        if text.hasPrefix("0x"), elementType.isFloatingPoint { return UInt64(text.dropFirst(2), radix: 16) }
        switch elementType {
        case .bool:
            return text == "true" ? 1 : text == "false" ? 0 : nil
        case .float16:
            return (text == "inf" ? Float16.infinity : text == "-inf" ? -Float16.infinity : Float16(text))
                .map { UInt64($0.bitPattern) }
        case .bfloat16, .float32:
            guard let value = text == "inf" ? Float.infinity : text == "-inf" ? -Float.infinity : Float(text) else {
                return nil
            }
            return elementType == .float32 ? UInt64(value.bitPattern) : UInt64(BFloat16(value).bitPattern)
        case .float64:
            return (text == "inf" ? Double.infinity : text == "-inf" ? -Double.infinity : Double(text)).map(\.bitPattern)
        default:
            let scalar: Scalar? = elementType.isSignedInteger ? Int64(text).map(Scalar.int) : UInt64(text).map(Scalar.uint)
            guard let scalar else { return nil }
            let bits = scalar.bits(as: elementType)
            return Scalar(bits: bits, as: elementType) == scalar ? bits : nil
        }
    }
}

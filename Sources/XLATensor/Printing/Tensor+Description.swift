import XLAIR

extension Tensor: CustomStringConvertible, CustomDebugStringConvertible {
    /// The values as NumPy's `str` prints them (`[[1. 2.]\n [3. 4.]]`),
    /// waiting for them if needed. A traced tensor prints its type, a
    /// ``ShapeDtype`` (an `evalShape` result) its shape and dtype, a
    /// poisoned one its error.
    public var description: String {
        format.map(\.jaxString) ?? placeholder
    }

    /// The values as JAX's `repr` prints them
    /// (`Array([1., 2.], dtype=float32)`).
    public var debugDescription: String {
        format.map(\.jaxRepr) ?? placeholder
    }

    /// The host values in a printable form, or nil when there are none.
    private var format: ArrayFormat? {
        let literal: Literal
        switch storage {
        case let .host(host):
            literal = host.literal
        case let .device(buffer):
            guard let bytes = try? buffer.toBytes() else { return nil }
            literal = Literal(type: type, bytes: bytes)
        case .traced, .poisoned:
            return nil
        }
        return ArrayFormat(literal, weakType: isWeak)
    }

    /// What prints for a tensor without host values; a traced one says what
    /// it is: `Traced<float32[8,10]> (printing happens at trace time; use
    /// debugPrint)`.
    private var placeholder: String {
        switch storage {
        case .poisoned where isShapeDtype: return shapeDtype.description
        case let .poisoned(error): return "<invalid tensor: \(error)>"
        case .device: return "<tensor whose computation failed>"
        default:
            let dimensions = shape.map(String.init).joined(separator: ",")
            return "Traced<\(dtype.name)[\(dimensions)]> (printing happens at trace time; use debugPrint)"
        }
    }
}

import XLAIR

extension ArrayFormat {
    /// The printable form of a literal's values.
    init(_ literal: Literal, weakType: Bool = false) {
        let scalars = (0..<literal.elementCount).map(literal.scalar(at:))
        let values: FormattableValues
        switch literal.type.elementType {
        case .bool:
            values = .bools(scalars.map { if case let .bool(value) = $0 { value } else { false } })
        case let dtype where dtype.isSignedInteger:
            values = .integers(scalars.map { if case let .int(value) = $0 { value } else { 0 } })
        case let dtype where dtype.isUnsignedInteger:
            values = .unsignedIntegers(scalars.map { if case let .uint(value) = $0 { value } else { 0 } })
        default:
            values = .floats(scalars.map(\.doubleValue))
        }
        self.init(values, shape: literal.type.shape, elementType: literal.type.elementType, weakType: weakType)
    }
}

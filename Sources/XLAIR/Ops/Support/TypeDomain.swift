/// A set of element types an op accepts.
public enum TypeDomain: Sendable {
    /// Floating-point types.
    case float
    /// Integers and floats, not `bool`.
    case numeric
    /// Signed integers and floats.
    case signedOrFloat
    /// Integers, not `bool`.
    case integer
    /// Integers and `bool`.
    case integerOrBool
    /// Every element type.
    case any

    /// Whether the domain holds `type`.
    public func contains(_ type: ElementType) -> Bool {
        switch self {
        case .float: type.isFloatingPoint
        case .numeric: type != .bool
        case .signedOrFloat: type.isSignedInteger || type.isFloatingPoint
        case .integer: type.isInteger
        case .integerOrBool: type.isInteger || type == .bool
        case .any: true
        }
    }

    /// The domain in words, for error messages.
    public var name: String {
        switch self {
        case .float: "floating-point"
        case .numeric: "numeric (integer or floating-point)"
        case .signedOrFloat: "signed integer or floating-point"
        case .integer: "integer"
        case .integerOrBool: "integer or bool"
        case .any: "any"
        }
    }
}

extension InferenceContext {
    /// Checks that every operand has the same type, of an element type in
    /// `domain`, and returns it.
    public func sameTypes(in domain: TypeDomain) throws -> TensorType {
        guard let first = operandTypes.first else { throw invalid("it needs operands") }
        guard operandTypes.allSatisfy({ $0 == first }) else {
            throw invalid("operands must have the same type (no implicit broadcasting or promotion)")
        }
        guard domain.contains(first.elementType) else {
            throw invalid("it needs \(domain.name) elements, not \(first.elementType)")
        }
        return first
    }

    /// Checks that `dimensions` are distinct and in `0..<rank`; `what`
    /// names the attribute.
    public func checkDimensions(_ dimensions: [Int], rank: Int, attribute: String) throws {
        guard Set(dimensions).count == dimensions.count else {
            throw invalidAttribute(attribute, "\(dimensions) repeats a dimension")
        }
        if let bad = dimensions.first(where: { $0 < 0 || $0 >= rank }) {
            throw invalidAttribute(attribute, "dimension \(bad) is out of range for rank \(rank)")
        }
    }

    /// Checks that a list attribute has one entry per dimension.
    public func checkLength(_ values: [Int], rank: Int, attribute: String) throws {
        guard values.count == rank else {
            throw invalidAttribute(attribute, "it has \(values.count) entries for rank \(rank)")
        }
    }
}

/// The typed attributes of one op (`Transpose.Configuration`,
/// ``ConvolutionConfiguration``): decoded and validated once from an
/// instruction's ``Attributes``, then read by the op's shape rule, lowering,
/// folding, gradient and batching rules instead of the untyped attributes.
public protocol OpConfiguration: Sendable {
    /// Decodes and validates `attributes`.
    ///
    /// - Throws: ``IRError/invalidAttribute(op:attribute:reason:location:)``
    ///   naming the op and the attribute that is missing, of the wrong kind
    ///   or out of range.
    init(_ attributes: AttributeReader) throws
}

/// An op whose attributes decode into one ``OpConfiguration``.
public protocol ConfiguredOp: OpDefinition {
    /// The op's typed attributes.
    associatedtype Configuration: OpConfiguration
}

extension ConfiguredOp {
    /// The typed attributes of an instruction of this op found at `location`.
    ///
    /// - Throws: ``IRError/invalidAttribute(op:attribute:reason:location:)``
    ///   naming this op.
    public func configuration(_ attributes: Attributes, at location: String?) throws -> Configuration {
        try Configuration(AttributeReader(op: name, attributes: attributes, location: location))
    }

    /// The typed attributes of `instruction`.
    public func configuration(of instruction: Instruction) throws -> Configuration {
        try configuration(instruction.attributes, at: instruction.location)
    }

    /// The typed attributes a shape rule sees.
    public func configuration(of context: InferenceContext) throws -> Configuration {
        try configuration(context.attributes, at: context.location)
    }
}

/// Reads one instruction's attributes by name and kind, for an
/// ``OpConfiguration``: a missing required attribute or one of the wrong
/// kind is an ``IRError`` naming the op and the attribute.
public struct AttributeReader: Sendable {
    /// The op whose attributes these are, for errors.
    public let op: String
    /// The attributes.
    public let attributes: Attributes
    /// Where the instruction is, for errors.
    public let location: String?

    /// A reader of `attributes` of an instruction of `op`.
    public init(op: String, attributes: Attributes, location: String? = nil) {
        self.op = op
        self.attributes = attributes
        self.location = location
    }

    /// An error about attribute `name`.
    public func invalid(_ name: String, _ reason: String) -> IRError {
        .invalidAttribute(op: op, attribute: name, reason: reason, location: location)
    }

    /// The required integer attribute `name`.
    public func int(_ name: String) throws -> Int { try required(name, try int(name, default: nil)) }

    /// The integer attribute `name`, or `fallback` when absent.
    public func int(_ name: String, default fallback: Int?) throws -> Int? {
        try value(name, .int, fallback) { if case let .int(value) = $0 { value } else { nil } }
    }

    /// The required integer-list attribute `name`.
    public func ints(_ name: String) throws -> [Int] { try required(name, try ints(name, default: nil)) }

    /// The integer-list attribute `name`, or `fallback` when absent.
    public func ints(_ name: String, default fallback: [Int]?) throws -> [Int]? {
        try value(name, .ints, fallback) { if case let .ints(value) = $0 { value } else { nil } }
    }

    /// The required boolean attribute `name`.
    public func bool(_ name: String) throws -> Bool { try required(name, try bool(name, default: nil)) }

    /// The boolean attribute `name`, or `fallback` when absent.
    public func bool(_ name: String, default fallback: Bool?) throws -> Bool? {
        try value(name, .bool, fallback) { if case let .bool(value) = $0 { value } else { nil } }
    }

    /// The required string attribute `name`.
    public func string(_ name: String) throws -> String { try required(name, try string(name, default: nil)) }

    /// The string attribute `name`, or `fallback` when absent.
    public func string(_ name: String, default fallback: String?) throws -> String? {
        try value(name, .string, fallback) { if case let .string(value) = $0 { value } else { nil } }
    }

    /// The required string attribute `name` read as one of `T`'s cases.
    public func choice<T: RawRepresentable & CaseIterable>(_ name: String, as type: T.Type = T.self) throws -> T
        where T.RawValue == String {
        try required(name, try choice(name, default: nil))
    }

    /// The string attribute `name` read as one of `T`'s cases, or
    /// `fallback` when absent.
    public func choice<T: RawRepresentable & CaseIterable>(_ name: String, default fallback: T?) throws -> T?
        where T.RawValue == String {
        guard let text = try string(name, default: nil) else { return fallback }
        guard let value = T(rawValue: text) else {
            throw invalid(name, "'\(text)' is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    /// The required element-type attribute `name`.
    public func elementType(_ name: String) throws -> ElementType { try required(name, try elementType(name, default: nil)) }

    /// The element-type attribute `name`, or `fallback` when absent.
    public func elementType(_ name: String, default fallback: ElementType?) throws -> ElementType? {
        try value(name, .elementType, fallback) { if case let .elementType(value) = $0 { value } else { nil } }
    }

    /// The required literal attribute `name`.
    public func literal(_ name: String) throws -> Literal {
        try required(name, try value(name, .literal, nil) { if case let .literal(value) = $0 { value } else { nil } })
    }

    /// The value of `name` extracted by `extract`, `fallback` when absent.
    private func value<T>(_ name: String, _ kind: AttributeKind, _ fallback: T?,
                          _ extract: (Attribute) -> T?) throws -> T? {
        guard let attribute = attributes[name] else { return fallback }
        guard let value = extract(attribute) else { throw invalid(name, "expected \(kind.rawValue)") }
        return value
    }

    /// `value`, or an error that the attribute is required.
    private func required<T>(_ name: String, _ value: T?) throws -> T {
        guard let value else { throw invalid(name, "it is required") }
        return value
    }
}

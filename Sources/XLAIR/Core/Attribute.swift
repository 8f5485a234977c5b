/// The value of one named attribute of an instruction.
public enum Attribute: Hashable, Sendable {
    /// An integer, such as a dimension.
    case int(Int)
    /// A list of integers, such as dimensions or a permutation.
    case ints([Int])
    /// A boolean.
    case bool(Bool)
    /// A string or enumeration name (`"LT"`, a callee's name).
    case string(String)
    /// An element type (a preferred or index type).
    case elementType(ElementType)
    /// A dense constant.
    case literal(Literal)

    /// The attribute's kind, which an ``AttributeSpec`` names.
    public var kind: AttributeKind {
        switch self {
        case .int: .int
        case .ints: .ints
        case .bool: .bool
        case .string: .string
        case .elementType: .elementType
        case .literal: .literal
        }
    }
}

/// The kinds of ``Attribute``.
public enum AttributeKind: String, Hashable, Sendable {
    /// ``Attribute/int(_:)``.
    case int = "an integer"
    /// ``Attribute/ints(_:)``.
    case ints = "a list of integers"
    /// ``Attribute/bool(_:)``.
    case bool = "a boolean"
    /// ``Attribute/string(_:)``.
    case string = "a string"
    /// ``Attribute/elementType(_:)``.
    case elementType = "an element type"
    /// ``Attribute/literal(_:)``.
    case literal = "a dense literal"
}

/// One attribute an op accepts: its name, kind, whether it must be present,
/// and for strings the values allowed.
public struct AttributeSpec: Hashable, Sendable {
    /// The attribute's name.
    public var name: String
    /// The kind its value must have.
    public var kind: AttributeKind
    /// Whether every instruction of the op must carry it.
    public var isRequired: Bool
    /// For string attributes, the accepted values; empty accepts any.
    public var allowedValues: [String]

    /// Creates a specification.
    public init(_ name: String, _ kind: AttributeKind, required: Bool = true, allowedValues: [String] = []) {
        self.name = name
        self.kind = kind
        self.isRequired = required
        self.allowedValues = allowedValues
    }
}

/// An instruction's attributes, kept sorted by name so that printing,
/// hashing and comparison do not depend on insertion order.
public struct Attributes: Hashable, Sendable, ExpressibleByDictionaryLiteral, Sequence {
    private var entries: [(name: String, value: Attribute)]

    /// Creates attributes from name–value pairs.
    public init(dictionaryLiteral elements: (String, Attribute)...) {
        entries = []
        for (name, value) in elements { self[name] = value }
    }

    /// The attribute of a name, or nil; setting nil removes it.
    public subscript(name: String) -> Attribute? {
        get { entries.first(where: { $0.name == name })?.value }
        set {
            let index = entries.firstIndex(where: { $0.name >= name }) ?? entries.endIndex
            let exists = index < entries.endIndex && entries[index].name == name
            switch (newValue, exists) {
            case let (value?, true): entries[index].value = value
            case let (value?, false): entries.insert((name, value), at: index)
            case (nil, true): entries.remove(at: index)
            case (nil, false): break
            }
        }
    }

    /// The integer attribute of a name, or nil.
    public func int(_ name: String) -> Int? {
        if case let .int(value)? = self[name] { value } else { nil }
    }

    /// The integer-list attribute of a name, or nil.
    public func ints(_ name: String) -> [Int]? {
        if case let .ints(value)? = self[name] { value } else { nil }
    }

    /// The boolean attribute of a name, or nil.
    public func bool(_ name: String) -> Bool? {
        if case let .bool(value)? = self[name] { value } else { nil }
    }

    /// The string attribute of a name, or nil.
    public func string(_ name: String) -> String? {
        if case let .string(value)? = self[name] { value } else { nil }
    }

    /// The element-type attribute of a name, or nil.
    public func elementType(_ name: String) -> ElementType? {
        if case let .elementType(value)? = self[name] { value } else { nil }
    }

    /// The literal attribute of a name, or nil.
    public func literal(_ name: String) -> Literal? {
        if case let .literal(value)? = self[name] { value } else { nil }
    }

    /// Whether there are no attributes.
    public var isEmpty: Bool { entries.isEmpty }

    /// Iterates the attributes in name order.
    public func makeIterator() -> some IteratorProtocol<(name: String, value: Attribute)> {
        entries.makeIterator()
    }

    /// Whether both hold the same names and values.
    public static func == (lhs: Attributes, rhs: Attributes) -> Bool {
        lhs.entries.elementsEqual(rhs.entries) { $0.name == $1.name && $0.value == $1.value }
    }

    /// Hashes names and values in order.
    public func hash(into hasher: inout Hasher) {
        for entry in entries {
            hasher.combine(entry.name)
            hasher.combine(entry.value)
        }
    }
}

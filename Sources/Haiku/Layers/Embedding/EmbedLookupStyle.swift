/// How ``Embed`` looks up its rows (`hk.EmbedLookupStyle`): write a case
/// (`.oneHot`) or Haiku's name (`"ONE_HOT"`, any case, as Haiku upper-cases
/// it). Both styles give the same values; they differ in speed and memory.
/// A name that is neither is reported when the module is called (Haiku's
/// `AttributeError`).
public struct EmbedLookupStyle: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// Haiku's name, upper-cased: `"ARRAY_INDEX"`.
    public let name: String

    /// The style named `name` (any case).
    public init(_ name: String) { self.name = name.uppercased() }

    /// The style named `value` (any case).
    public init(stringLiteral value: String) { self.init(value) }

    /// The name in quotes: `"ONE_HOT"`.
    public var description: String { "\"\(name)\"" }

    /// A gather of the rows, `embeddings[ids]` (Haiku's default).
    public static let arrayIndex = EmbedLookupStyle("ARRAY_INDEX")
    /// A product `oneHot(ids) · embeddings`.
    public static let oneHot = EmbedLookupStyle("ONE_HOT")

    /// The known styles.
    static let all: [EmbedLookupStyle] = [.arrayIndex, .oneHot]
}

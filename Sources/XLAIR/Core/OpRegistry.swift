/// Finds op definitions by name: the ops listed in `BuiltinOps.swift`.
/// The parser uses it.
public enum OpRegistry {
    private static let builtins: [String: Op] = Dictionary(BuiltinOps.all.map { ($0.name, $0) },
                                                           uniquingKeysWith: { first, _ in first })

    /// The op of a name, or nil.
    public static func op(named name: String) -> Op? {
        builtins[name]
    }
}

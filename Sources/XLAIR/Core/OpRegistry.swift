import Synchronization

/// Finds op definitions by name: the built-in ops plus any a later target
/// registers (Haiku's effects, for instance). The parser uses it.
public enum OpRegistry {
    private static let builtins: [String: Op] = Dictionary(BuiltinOps.all.map { ($0.name, $0) },
                                                           uniquingKeysWith: { first, _ in first })
    private static let registered = Mutex<[String: Op]>([:])

    /// Makes an op known by name; registering a name again replaces it.
    /// Built-in names cannot be replaced.
    public static func register(_ op: Op) {
        precondition(builtins[op.name] == nil, "\(op.name) is a built-in op")
        registered.withLock { $0[op.name] = op }
    }

    /// The op of a name, or nil.
    public static func op(named name: String) -> Op? {
        builtins[name] ?? registered.withLock { $0[name] }
    }
}

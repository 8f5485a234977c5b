/// The name scope ops are traced under (JAX's name stack), which StableHLO
/// emission writes into each op's location, `loc("mlp/~/linear_0/dot_general")`,
/// so that XLA's HLO metadata (`op_name`), dumps and profiles name the code
/// that made the op.
public enum NamedScope {
    /// A library's own scope, asked for each op traced (Haiku: the path of
    /// the module whose method runs); it comes before the names opened with
    /// ``namedScope(_:_:)``.
    @TaskLocal public static var library: (@Sendable () -> String?)?

    /// The names opened with ``namedScope(_:_:)``, outermost first.
    @TaskLocal static var names: [String] = []

    /// The scope of an op traced now: the library's scope and the opened
    /// names joined by `/`; nil when there is none.
    public static var current: String? {
        let parts = (library?()).map { [$0] + names } ?? names
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }
}

/// Runs `body` with the ops it traces named under `name` (`jax.named_scope`):
/// scopes nest, `namedScope("a") { namedScope("b") { x + 1 } }` names the
/// addition `a/b/add`.
public func namedScope<Result>(_ name: String, _ body: () throws -> Result) rethrows -> Result {
    try NamedScope.$names.withValue(NamedScope.names + [name], operation: body)
}

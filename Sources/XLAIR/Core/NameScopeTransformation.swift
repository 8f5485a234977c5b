/// How a transformation's emitted ops name their scope, as JAX's name stack
/// spells it: the transformation wraps the scope's first component, so the
/// backward pass of `grad` for an op of `mlp/~/linear_0` is under
/// `transpose(jvp(mlp))/~/linear_0` (`transpose(jvp())` for an op traced
/// outside any scope).
public enum NameScopeTransformation {
    /// The names the IR's transformations use: `jvp` (the forward pass of
    /// reverse-mode differentiation), `transpose` (its backward pass) and
    /// `vmap` (batching).
    public static let names: Set<String> = ["jvp", "transpose", "vmap"]

    /// `scope` wrapped in `transformations`, the innermost first (`["jvp",
    /// "transpose"]` gives `transpose(jvp(first))/rest`).
    public static func wrap(_ scope: String?, in transformations: [String]) -> String? {
        guard !transformations.isEmpty else { return scope }
        let (first, rest) = split(scope ?? "")
        let wrapped = transformations.reduce(first) { "\($1)(\($0))" }
        return rest.map { "\(wrapped)/\($0)" } ?? wrapped
    }

    /// `scope` without the transformations wrapped around its first
    /// component, and those transformations, the innermost first: the
    /// inverse of ``wrap(_:in:)`` (the scope is nil where only the
    /// transformations were left, an op traced outside any scope).
    public static func unwrap(_ scope: String) -> (scope: String?, transformations: [String]) {
        var (first, rest) = split(scope)
        var transformations: [String] = []
        while first.hasSuffix(")"), let open = first.firstIndex(of: "("), names.contains(String(first[..<open])) {
            transformations.insert(String(first[..<open]), at: 0)
            first = String(first[first.index(after: open)..<first.index(before: first.endIndex)])
        }
        let unwrapped = rest.map { "\(first)/\($0)" } ?? first
        return (unwrapped.isEmpty ? nil : unwrapped, transformations)
    }

    /// The first component of `scope` and the rest after its `/`, if any.
    private static func split(_ scope: String) -> (first: String, rest: String?) {
        guard let slash = scope.firstIndex(of: "/") else { return (scope, nil) }
        return (String(scope[..<slash]), String(scope[scope.index(after: slash)...]))
    }
}

/// Runs `body` with new modules, parameters and state named under `name`
/// (`hk.experimental.name_scope`), as if inside a method of a module called
/// `name`. `"foo/bar"` nests two scopes; an empty name or one starting with
/// `/` is an error.
///
/// ```swift
/// nameScope("my_name_scope") {
///     let net = Linear(1)   // "my_name_scope/linear"
/// }
/// ```
public func nameScope<Result>(_ name: String, file: String = #fileID, line: Int = #line, _ body: () -> Result) -> Result {
    guard let frame = Frame.current else { return body() }
    guard !name.isEmpty, !name.hasPrefix("/") else {
        _ = frame.fail(.invalidArgument("name scopes must not be empty or start with /, not '\(name)'", location: location(file, line)))
        return body()
    }
    func enter(_ parts: ArraySlice<Substring>) -> Result {
        guard let part = parts.first else { return body() }
        return NameScopeModule(name: ModuleName(String(part))).method(name: "callAsFunction") { () in enter(parts.dropFirst()) }
    }
    return enter(ArraySlice(name.split(separator: "/")))
}

/// The module a name scope enters.
final class NameScopeModule: Module {}

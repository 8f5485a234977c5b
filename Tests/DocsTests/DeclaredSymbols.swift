/// One parameter of a declared function, initializer, subscript or enum
/// case, as a call site sees it.
struct DeclaredParameter: Equatable {
    /// The argument label, `_` for none.
    let label: String
    let hasDefault: Bool
    let isVariadic: Bool
    /// Whether its type is a function (a trailing closure may pass it).
    let isFunction: Bool
}

/// What the package declares, read from source text: types (merged over
/// their extensions, by simple name) with their members and supertypes,
/// and every function-like declaration's parameters. Declarations inside
/// function bodies and closures are not API and are skipped.
struct DeclaredSymbols {
    struct TypeSymbols {
        var members: Set<String> = []
        var supertypes: Set<String> = []
        /// Parameter lists by member name (`init` for initializers).
        var signatures: [String: [[DeclaredParameter]]] = [:]
    }

    private(set) var types: [String: TypeSymbols] = [:]
    /// Every declared name: types, members, global functions and values.
    private(set) var names: Set<String> = []
    /// Every argument label and parameter name of a declared function,
    /// initializer or case.
    private(set) var labels: Set<String> = []
    /// Parameter lists by name, wherever declared (initializers as `init`).
    private(set) var signatures: [String: [[DeclaredParameter]]] = [:]
    /// The names of declared constants and variables (which may hold a
    /// callable value, so a call through one has no fixed labels).
    private(set) var values: Set<String> = []

    private enum Scope: Equatable { case type(String), body }

    private static let typeKeywords: Set<String> = ["struct", "class", "enum", "protocol", "actor", "extension"]
    private static let notTypeNames: Set<String> = ["func", "var", "let", "override", "final", "public", "private",
                                                    "internal", "static", "init", "subscript", "fileprivate"]

    /// Adds the declarations of one file.
    mutating func add(source: String) {
        let tokens = SwiftLexer.tokens(of: source)
        var scopes: [Scope] = []
        var pendingType: String?
        var index = 0
        func token(_ offset: Int) -> SwiftToken? {
            tokens.indices.contains(index + offset) ? tokens[index + offset] : nil
        }
        while index < tokens.count {
            let current = tokens[index]
            let isDeclarationContext = !scopes.contains(.body)
            let enclosingType: String? = if case .type(let name)? = scopes.last { name } else { nil }
            defer { index += 1 }
            if current.isPunctuation("{") {
                scopes.append(pendingType.map(Scope.type) ?? .body)
                pendingType = nil
                continue
            }
            if current.isPunctuation("}") {
                _ = scopes.popLast()
                continue
            }
            guard current.isIdentifier, isDeclarationContext, token(-1)?.isPunctuation(".") != true else { continue }
            switch current.text {
            case let keyword where Self.typeKeywords.contains(keyword):
                guard let next = token(1), next.isIdentifier, !Self.notTypeNames.contains(next.text) else { continue }
                var name = next.text
                index += 1
                while token(1)?.isPunctuation(".") == true, let component = token(2), component.isIdentifier {
                    name = component.text
                    index += 2
                }
                if keyword != "extension" { declare(name, in: enclosingType) }
                types[name, default: TypeSymbols()].supertypes.formUnion(supertypes(tokens, after: &index))
                pendingType = name
            case "func":
                guard let next = token(1) else { continue }
                index += 1
                guard next.isIdentifier else { continue }  // an operator
                declare(next.text, in: enclosingType)
                if let parameters = parameterList(tokens, after: &index, unlabeledByDefault: false) {
                    addSignature(parameters, name: next.text, in: enclosingType)
                }
            case "init", "subscript":
                let name = current.text
                if let parameters = parameterList(tokens, after: &index, unlabeledByDefault: name == "subscript") {
                    addSignature(parameters, name: name, in: enclosingType)
                }
            case "case" where enclosingType != nil:
                while let next = token(1), next.isIdentifier {
                    index += 1
                    declare(next.text, in: enclosingType)
                    if token(1)?.isPunctuation("(") == true,
                       let parameters = parameterList(tokens, after: &index, unlabeledByDefault: false) {
                        addSignature(parameters, name: next.text, in: enclosingType)
                    }
                    while let following = token(1), !following.isPunctuation(","), following.line == next.line,
                          !following.isPunctuation("}") {
                        index += 1  // a raw value
                    }
                    guard token(1)?.isPunctuation(",") == true else { break }
                    index += 1
                }
            case "var", "let", "typealias", "associatedtype":
                guard let next = token(1), next.isIdentifier else { continue }
                declare(next.text, in: enclosingType)
                if current.text == "var" || current.text == "let" { values.insert(next.text) }
            default:
                continue
            }
        }
    }

    /// The members of a type, its supertypes' included.
    func members(of type: String) -> Set<String> {
        lineage(of: type).reduce(into: []) { $0.formUnion($1.members.union($1.signatures.keys)) }
    }

    /// The parameter lists a type (or its supertypes) declares for `member`.
    func signatures(of member: String, in type: String) -> [[DeclaredParameter]] {
        lineage(of: type).flatMap { $0.signatures[member] ?? [] }
    }

    /// A type's symbols and those of its supertypes declared in the package.
    private func lineage(of type: String) -> [TypeSymbols] {
        var seen: Set<String> = [], pending = [type], result: [TypeSymbols] = []
        while let next = pending.popLast() {
            guard seen.insert(next).inserted, let symbols = types[next] else { continue }
            result.append(symbols)
            pending += symbols.supertypes
        }
        return result
    }

    private mutating func declare(_ name: String, in type: String?) {
        names.insert(name)
        if let type { types[type, default: TypeSymbols()].members.insert(name) }
    }

    private mutating func addSignature(_ parameters: [DeclaredParameter], name: String, in type: String?) {
        signatures[name, default: []].append(parameters)
        labels.formUnion(parameters.map(\.label).filter { $0 != "_" })
        if let type { types[type, default: TypeSymbols()].signatures[name, default: []].append(parameters) }
    }

    /// The names after a `:` that follows a type's name (and generic
    /// parameters), up to `where` or `{`; `index` ends before the `{`.
    private func supertypes(_ tokens: [SwiftToken], after index: inout Int) -> [String] {
        var result: [String] = []
        var depth = 0, expectName = false
        while index + 1 < tokens.count {
            let next = tokens[index + 1]
            if next.isPunctuation("{") || (next.isIdentifier && next.text == "where") { break }
            index += 1
            if next.isPunctuation("<") { depth += 1 } else if next.isPunctuation(">") { depth -= 1 }
            guard depth == 0 else { continue }
            if next.isPunctuation(":") || next.isPunctuation(",") || next.isPunctuation("&") {
                expectName = true
            } else if next.isIdentifier, expectName {
                result.append(next.text)
                expectName = false
            } else if next.isIdentifier, let last = result.indices.last, tokens[index - 1].isPunctuation(".") {
                result[last] = next.text  // Outer.Inner: the simple name
            }
        }
        return result
    }

    /// The parameters in the parentheses after `index` (past a generic
    /// clause and `?`/`!`); `index` ends on the closing parenthesis.
    private mutating func parameterList(_ tokens: [SwiftToken], after index: inout Int,
                               unlabeledByDefault: Bool) -> [DeclaredParameter]? {
        var position = index + 1
        while position < tokens.count, tokens[position].isPunctuation("?") || tokens[position].isPunctuation("!") {
            position += 1
        }
        if position < tokens.count, tokens[position].isPunctuation("<") {
            var depth = 0
            repeat {
                if tokens[position].isPunctuation("<") { depth += 1 } else if tokens[position].isPunctuation(">") { depth -= 1 }
                position += 1
            } while depth > 0 && position < tokens.count
        }
        guard position < tokens.count, tokens[position].isPunctuation("("),
              let (pieces, end) = CallArguments.split(tokens, openingAt: position) else { return nil }
        index = end
        var parameterNames: [String] = []
        defer { labels.formUnion(parameterNames.filter { $0 != "_" }) }
        return pieces.map { piece in
            let colon = piece.firstIndex { $0.isPunctuation(":") }
            let names = piece[..<(colon ?? 0)].filter(\.isIdentifier).map(\.text).filter { $0 != "inout" }
            let label = names.count >= 2 ? names[0] : (unlabeledByDefault || names.isEmpty ? "_" : names[0])
            parameterNames.append(contentsOf: names)
            let type = piece[(colon ?? 0)...]
            return DeclaredParameter(label: label, hasDefault: type.contains { $0.isPunctuation("=") },
                                     isVariadic: type.contains { $0.isPunctuation("...") || $0.text == "repeat" },
                                     isFunction: type.contains { $0.isPunctuation("->") })
        }
    }
}

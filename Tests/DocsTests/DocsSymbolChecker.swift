/// Checks that the Swift names a Markdown page mentions exist in the
/// package's sources, and that the repository paths it names exist.
///
/// What counts as a Swift name, in a code span or a ```` ```swift ```` block:
/// - an UpperCamelCase name (a type or a target) and the members after it
///   (`Tensor.arange`, `ResNet.Config.resnet18`): the type must be declared
///   and the first member declared in it, its extensions or supertypes;
/// - a lowerCamelCase name with a hump standing alone (`forLoop`): declared
///   anywhere, as a name or an argument label;
/// - a member after a dot (`.same`, `x.sum(...)`): declared anywhere;
/// - a call or selector (`Conv2D(outputChannels: 32)`, `load(from:)`): some
///   declaration of that name takes those labels (defaulted parameters may
///   be left out, `...` stands for any).
///
/// Single lowercase words (`jit`, `scale`, `x`) are not checked: they are as
/// often JAX functions, IR op names, parameters or plain words. Nor are
/// spans written in another language: Python (`hk.`, `jnp.`, `snake_case`,
/// `name=value`), StableHLO/Shardy (`stablehlo.`, `sdy.`), shell flags and
/// math. Names quoted from Python, the standard library and XLA's C API are
/// allowed by `DocsSymbolChecker+AllowLists.swift`.
struct DocsSymbolChecker {
    let symbols: DeclaredSymbols
    /// Target names (`XLATensor`), which may qualify a name.
    let modules: Set<String>
    /// Paths of the repository's files and folders, relative to its root.
    let paths: Set<String>
    /// The last component of every file path.
    let fileNames: Set<String>

    static let keywords: Set<String> = [
        "let", "var", "func", "return", "try", "await", "if", "guard", "else", "for", "in", "while", "switch", "case",
        "default", "throw", "throws", "rethrows", "do", "catch", "import", "struct", "class", "enum", "protocol",
        "extension", "init", "self", "super", "true", "false", "nil", "some", "any", "inout", "where", "is", "as",
        "defer", "break", "continue", "static", "final", "private", "public", "internal", "fileprivate", "override",
        "mutating", "lazy", "typealias", "subscript", "get", "set", "repeat", "convenience", "required", "indirect",
    ]

    /// Every problem in a page, one line each: `line: what`.
    func problems(inPage markdown: String) -> [String] {
        MarkdownCode.extract(from: markdown).flatMap { code -> [String] in
            let found: [String]
            switch code.kind {
            case .span where code.isQuoted: found = []
            case .span: found = problems(inSpan: code.text)
            case .block(language: "swift"): found = problems(inCode: SwiftLexer.tokens(of: code.text), isSpan: false)
            case .block: found = []
            }
            let excerpt = code.text.prefix { $0 != "\n" }.prefix(80)
            return found.map { "\(code.line): `\(excerpt)`: \($0)" }
        }
    }

    private func problems(inSpan text: String) -> [String] {
        if let path = text.split(separator: " ").first, path.contains("/") || isFileName(path) {
            return problems(inPath: String(path))
        }
        if text.hasPrefix("-") || text.hasPrefix("#") || text.hasPrefix("@") || Self.isForeign(text)
            || Self.printedForms.contains(text) { return [] }
        let tokens = SwiftLexer.tokens(of: text)
        if tokens.count == 1, let name = tokens.first, name.isIdentifier {
            return problems(inBareName: name.text)
        }
        let isProse = zip(tokens, tokens.dropFirst()).contains {
            $0.isIdentifier && $1.isIdentifier && !Self.keywords.contains($0.text) && $0.line == $1.line
        }
        return isProse ? [] : problems(inCode: tokens, isSpan: true)
    }

    /// Whether a span is a file name (`params.npz`, `.gz`, `Recurrent.swift`).
    private func isFileName(_ text: Substring) -> Bool {
        guard let dot = text.lastIndex(of: "."), !text.contains("(") else { return false }
        return Self.fileExtensions.contains(String(text[text.index(after: dot)...]))
    }

    private static func isForeign(_ text: String) -> Bool {
        if foreignMarkers.contains(where: text.contains) { return true }
        let characters = Array(text)
        for (index, character) in characters.enumerated().dropFirst() where index + 1 < characters.count {
            let before = characters[index - 1], after = characters[index + 1]
            if character == "_", before.isLetter || before.isNumber, after.isLetter || after.isNumber { return true }
            if character == "=", before.isLetter || before.isNumber, after != "=" { return true }  // keyword argument
        }
        return false
    }

    private func problems(inPath path: String) -> [String] {
        guard !path.contains("<"), !path.contains("{"), !path.contains("*"), !path.contains("|") else { return [] }
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        if Self.repositoryFolders.contains(where: path.hasPrefix) {
            return paths.contains(trimmed) ? [] : ["no such file or folder in the repository"]
        }
        if !path.contains("/"), !path.hasPrefix("."), path.hasSuffix(".swift") || path.hasSuffix(".md") {
            return fileNames.contains(path) ? [] : ["no file of this name in the repository"]
        }
        return []
    }

    private func problems(inBareName name: String) -> [String] {
        guard let first = name.first, !name.contains("_") else { return [] }
        if first.isUppercase {
            guard name.contains(where: \.isLowercase) else { return [] }  // NHWC, HWIO: layouts
            return isKnownType(name) ? [] : ["no type or target \(name)"]
        }
        guard name.contains(where: \.isUppercase) else { return [] }
        return symbols.names.contains(name) || symbols.labels.contains(name) ? [] : ["nothing is named \(name)"]
    }

    private func isKnownType(_ name: String) -> Bool {
        symbols.types[name] != nil || modules.contains(name) || Self.standardTypes.contains(name)
            || Self.foreignNames.contains(name) || symbols.names.contains(name)
    }

    private func isKnownMember(_ name: String) -> Bool {
        symbols.names.contains(name) || Self.standardMembers.contains(name)
    }

    /// The references in Swift code: qualified names, members and calls.
    /// In a span, which declares nothing, a call through a lowercase name
    /// (often a variable: `net(x, isTraining: true)`) is checked only in
    /// selector form (`load(from:)`).
    func problems(inCode tokens: [SwiftToken], isSpan: Bool) -> [String] {
        let locals = Self.localNames(tokens)
        var problems: [String] = []
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            let previous = index > 0 ? tokens[index - 1] : nil
            defer { index += 1 }
            if token.isPunctuation("."), index + 1 < tokens.count, tokens[index + 1].isIdentifier,
               previous.map({ $0.kind == .punctuation && ![")", "]", ">", "?", "!"].contains($0.text) }) ?? true {
                let name = tokens[index + 1].text
                index += 1
                if !isKnownMember(name) { problems.append("nothing is named \(name)") }
                problems += callProblems(tokens, after: index, candidates: symbols.signatures[name] ?? [], name: ".\(name)",
                                         selectorsOnly: false)
                continue
            }
            guard token.isIdentifier, previous?.isPunctuation(".") != true, !Self.keywords.contains(token.text) else { continue }
            var chain = [token.text]
            if token.text.first?.isUppercase == true { skipGenericArguments(tokens, at: &index) }
            while index + 2 < tokens.count, tokens[index + 1].isPunctuation("."), tokens[index + 2].isIdentifier {
                chain.append(tokens[index + 2].text)
                index += 2
            }
            if token.text.first?.isUppercase == true {
                problems += qualifiedProblems(chain, tokens, end: index, locals: locals)
            } else if chain.count == 1 {
                let name = chain[0]
                guard isCall(tokens, after: index), !locals.contains(name), !Self.standardFunctions.contains(name) else { continue }
                guard symbols.names.contains(name) else {
                    if !isSpan { problems.append("no function \(name)") }
                    continue
                }
                guard !symbols.values.contains(name) else { continue }
                problems += callProblems(tokens, after: index, candidates: symbols.signatures[name] ?? [], name: name,
                                         selectorsOnly: isSpan)
            } else {
                for member in chain.dropFirst() where !isKnownMember(member) { problems.append("nothing is named \(member)") }
                guard !symbols.values.contains(chain.last!) else { continue }
                problems += callProblems(tokens, after: index, candidates: symbols.signatures[chain.last!] ?? [],
                                         name: chain.joined(separator: "."), selectorsOnly: isSpan)
            }
        }
        return problems
    }

    private func qualifiedProblems(_ chain: [String], _ tokens: [SwiftToken], end: Int, locals: Set<String>) -> [String] {
        var chain = chain
        if modules.contains(chain[0]), chain.count > 1 { chain.removeFirst() }
        let root = chain[0]
        if locals.contains(root) || Self.standardTypes.contains(root) || Self.foreignNames.contains(root) { return [] }
        guard symbols.types[root] != nil else {
            if modules.contains(root) || symbols.names.contains(root) { return [] }  // a type alias: members unknown
            guard root.count > 2, root.contains(where: \.isLowercase), !root.contains("_") else { return [] }
            return ["no type \(root)"]
        }
        if chain.count == 2, chain[1] == "self" { return [] }  // `MLP.self`: the type itself
        var problems: [String] = []
        let members = symbols.members(of: root)
        // `$name`: the projected value of a property wrapper (`@TaskLocal`) on `name`.
        if chain.count > 1, !members.contains(chain[1].hasPrefix("$") ? String(chain[1].dropFirst()) : chain[1]) {
            problems.append("\(root) has no member \(chain[1])")
        }
        for member in chain.dropFirst(2) where !isKnownMember(member) { problems.append("nothing is named \(member)") }
        let candidates: [[DeclaredParameter]] = switch chain.count {
        case 1: symbols.signatures(of: "init", in: root)
        case 2: symbols.signatures(of: chain[1], in: root)
        default: symbols.signatures[chain.last!] ?? []
        }
        return problems + callProblems(tokens, after: end, candidates: candidates, name: chain.joined(separator: "."),
                                       selectorsOnly: false)
    }

    /// Whether a parenthesis on the same line follows `end`: a call.
    private func isCall(_ tokens: [SwiftToken], after end: Int) -> Bool {
        end + 1 < tokens.count && tokens[end + 1].isPunctuation("(") && tokens[end + 1].line == tokens[end].line
    }

    /// When a parenthesis follows `end`, whether some candidate takes the
    /// call's labels (no candidates: nothing to check, as for a
    /// memberwise initializer).
    private func callProblems(_ tokens: [SwiftToken], after end: Int, candidates: [[DeclaredParameter]],
                              name: String, selectorsOnly: Bool) -> [String] {
        guard isCall(tokens, after: end), !candidates.isEmpty,
              let (pieces, close) = CallArguments.split(tokens, openingAt: end + 1),
              !pieces.contains(where: { $0.contains { $0.isPunctuation("->") } }) else { return [] }
        if selectorsOnly, pieces.contains(where: { $0.count != 2 || !$0[0].isIdentifier || !$0[1].isPunctuation(":") }),
           pieces.count != 1 || CallLabels.selectorLabels(pieces[0]) == nil {
            return []
        }
        let labels = pieces.flatMap(CallLabels.labels)
        let trailingClosure = close + 1 < tokens.count && tokens[close + 1].isPunctuation("{")
        let fits = { (parameters: [DeclaredParameter]) in
            CallLabels.matches(labels[...], parameters[...], trailingClosure: false)
                || (trailingClosure && CallLabels.matches(labels[...], parameters.dropLast(), trailingClosure: true))
        }
        if candidates.contains(where: fits) { return [] }
        return ["no \(name) takes (\(labels.map { $0 == "*" ? "..." : $0 + ":" }.joined()))"]
    }

    private func skipGenericArguments(_ tokens: [SwiftToken], at index: inout Int) {
        guard index + 1 < tokens.count, tokens[index + 1].isPunctuation("<") else { return }
        var depth = 0, position = index + 1
        while position < tokens.count {
            let token = tokens[position]
            if token.isPunctuation("<") { depth += 1 }
            if token.isPunctuation(">") { depth -= 1; if depth == 0 { index = position; return } }
            guard token.isIdentifier || [",", ".", "<", ">", "[", "]", ":", "?"].contains(token.text) else { return }
            position += 1
        }
    }

    /// Names the code itself declares: constants, variables, functions,
    /// types, loop variables and closure parameters.
    static func localNames(_ tokens: [SwiftToken]) -> Set<String> {
        var names: Set<String> = []
        for (index, token) in tokens.enumerated() where token.isIdentifier || token.isPunctuation("{") {
            switch token.text {
            case "let", "var", "for", "case", "catch":
                var position = index + 1
                while position < tokens.count, !["=", ":", "{", "in"].contains(tokens[position].text) {
                    if tokens[position].isIdentifier { names.insert(tokens[position].text) }
                    position += 1
                }
            case "struct", "class", "enum", "protocol", "typealias":
                if index + 1 < tokens.count { names.insert(tokens[index + 1].text) }
            case "func":
                guard index + 1 < tokens.count else { continue }
                names.insert(tokens[index + 1].text)
                if let open = tokens[(index + 1)...].firstIndex(where: { $0.isPunctuation("(") }),
                   let (pieces, _) = CallArguments.split(tokens, openingAt: open) {
                    for piece in pieces {
                        let colon = piece.firstIndex { $0.isPunctuation(":") } ?? 0
                        names.formUnion(piece[..<colon].filter(\.isIdentifier).map(\.text))
                    }
                }
            case "{":
                let window = tokens[(index + 1)...].prefix(40)
                guard let end = window.firstIndex(where: { $0.isIdentifier && $0.text == "in" }),
                      !window[..<end].contains(where: { ["{", "}", "=", "."].contains($0.text) }) else { continue }
                names.formUnion(window[..<end].filter { $0.isIdentifier && $0.text.first?.isLowercase == true }.map(\.text))
            default:
                continue
            }
        }
        return names
    }
}

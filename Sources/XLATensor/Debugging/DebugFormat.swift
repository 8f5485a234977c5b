/// A `jax.debug.print` format string, parsed: text and the values it shows.
///
/// The user's form is Python's `str.format` without format specifications:
/// `{}` (the next positional value), `{0}` (by position), `{name}` (a
/// named value), `!s` after a field (NumPy's `str` even for a scalar),
/// `{{` and `}}` for braces. Resolved, every value is a position (named
/// values follow the positional ones) and the ``canonical`` text, with
/// `{0}`-style fields only, travels in the compiled program.
struct DebugFormat: Equatable {
    /// A piece of the printed line.
    enum Piece: Equatable {
        /// Text printed as it is.
        case text(String)
        /// The value at `index`: a scalar as Python formats it (`3.5`,
        /// `True`), an array as NumPy's `str`; with `asString`, NumPy's
        /// `str` for scalars too (`jax.debug.print`'s form without
        /// placeholders).
        case value(index: Int, asString: Bool)
    }

    /// The pieces, in order.
    let pieces: [Piece]

    /// Parses a user's format for `positionalCount` positional values and
    /// the named values `names`, as `jax.debug.print` does: when the
    /// format's first brace does not open a field, the format prints as it
    /// is, followed by each positional value (NumPy's `str`), separated by
    /// spaces.
    ///
    /// - Throws: ``DebugFormatError`` for a malformed field, an index or
    ///   name without a value, a value that no field shows, mixed automatic
    ///   and explicit numbering, or named values without placeholders.
    init(parsing format: String, positionalCount: Int, names: [String]) throws(DebugFormatError) {
        let resolved = try Self.resolve(try Self.fields(of: format), positionalCount: positionalCount, names: names)
        guard Self.opensWithField(format) else {
            guard names.isEmpty else { throw DebugFormatError("named values need the format to start with a {name} placeholder") }
            pieces = [.text(format)] + (0..<positionalCount).flatMap { [Piece.text(" "), .value(index: $0, asString: true)] }
            return
        }
        pieces = resolved
    }

    /// Parses ``canonical`` text (explicit indices only).
    init(canonical text: String) throws(DebugFormatError) {
        var pieces: [Piece] = []
        for field in try Self.fields(of: text) {
            switch field {
            case let .text(text): pieces.append(.text(text))
            case let .field(.index(index), asString): pieces.append(.value(index: index, asString: asString))
            case .field: throw DebugFormatError("a compiled format names its values by position")
            }
        }
        self.pieces = pieces
    }

    /// The format with `{i}` / `{i!s}` fields and doubled braces in text.
    var canonical: String {
        pieces.map { piece in
            switch piece {
            case let .text(text): text.replacing("{", with: "{{").replacing("}", with: "}}")
            case let .value(index, asString): "{\(index)\(asString ? "!s" : "")}"
            }
        }.joined()
    }

    /// The line with each value's text from `text(index, asString)`.
    func render(_ text: (Int, Bool) -> String) -> String {
        pieces.map { piece in
            switch piece {
            case let .text(literal): literal
            case let .value(index, asString): text(index, asString)
            }
        }.joined()
    }

    // MARK: Parsing

    private enum FieldName: Equatable {
        case automatic, index(Int), name(String)
    }

    private enum Field: Equatable {
        case text(String)
        case field(FieldName, asString: Bool)
    }

    /// Whether the first brace opens a field (Python's `Formatter.parse`
    /// gives a field with its first chunk), which `jax.debug.print` takes
    /// to mean the format has placeholders.
    private static func opensWithField(_ format: String) -> Bool {
        guard let brace = format.firstIndex(where: { $0 == "{" || $0 == "}" }), format[brace] == "{" else { return false }
        let next = format.index(after: brace)
        return next == format.endIndex || format[next] != "{"
    }

    private static func fields(of format: String) throws(DebugFormatError) -> [Field] {
        var result: [Field] = []
        var text = ""
        var characters = format[...]
        while let character = characters.popFirst() {
            switch character {
            case "{" where characters.first == "{", "}" where characters.first == "}":
                characters.removeFirst()
                text.append(character)
            case "}":
                throw DebugFormatError("a single '}' must be written '}}'")
            case "{":
                guard let end = characters.firstIndex(of: "}") else { throw DebugFormatError("a '{' is not closed by '}'") }
                let body = String(characters[..<end])
                characters = characters[characters.index(after: end)...]
                if !text.isEmpty { result.append(.text(text)) }
                text = ""
                result.append(try field(body))
            default:
                text.append(character)
            }
        }
        if !text.isEmpty { result.append(.text(text)) }
        return result
    }

    private static func field(_ body: String) throws(DebugFormatError) -> Field {
        guard !body.contains("{") else { throw DebugFormatError("a field cannot contain '{'") }
        guard !body.contains(":") else {
            throw DebugFormatError("format specifications such as '{\(body)}' are not supported; values print as jax.debug.print prints them")
        }
        var name = body[...]
        var asString = false
        if let bang = body.firstIndex(of: "!") {
            guard body[body.index(after: bang)...] == "s" else {
                throw DebugFormatError("only the '!s' conversion is supported, not '{\(body)}'")
            }
            name = body[..<bang]
            asString = true
        }
        if name.isEmpty { return .field(.automatic, asString: asString) }
        if name.allSatisfy(\.isASCII) && name.allSatisfy(\.isNumber), let index = Int(name) { return .field(.index(index), asString: asString) }
        guard let first = name.first, first == "_" || first.isLetter, name.allSatisfy({ $0 == "_" || $0.isLetter || $0.isNumber }) else {
            throw DebugFormatError("'{\(body)}' is not a position or a name (attribute and index access are not supported)")
        }
        return .field(.name(String(name)), asString: asString)
    }

    private static func resolve(_ fields: [Field], positionalCount: Int, names: [String]) throws(DebugFormatError) -> [Piece] {
        var pieces: [Piece] = []
        var next = 0, numbering: Bool?
        var used = Set<Int>()
        for field in fields {
            guard case let .field(name, asString) = field else {
                if case let .text(text) = field { pieces.append(.text(text)) }
                continue
            }
            let index: Int
            switch name {
            case .automatic, .index:
                let automatic = name == .automatic
                if let numbering, numbering != automatic {
                    throw DebugFormatError("automatic '{}' and numbered '{0}' fields cannot be mixed")
                }
                numbering = automatic
                if case let .index(explicit) = name { index = explicit } else { index = next; next += 1 }
                guard index < positionalCount else {
                    throw DebugFormatError("field \(index) has no value: \(positionalCount) positional value\(positionalCount == 1 ? " was" : "s were") given")
                }
            case let .name(label):
                guard let position = names.firstIndex(of: label) else {
                    throw DebugFormatError("no value is named '\(label)'\(names.isEmpty ? "" : " (named: \(names.joined(separator: ", ")))")")
                }
                index = positionalCount + position
            }
            used.insert(index)
            pieces.append(.value(index: index, asString: asString))
        }
        let unusedPositions = (0..<positionalCount).filter { !used.contains($0) }
        guard unusedPositions.isEmpty else { throw DebugFormatError("positional values \(unusedPositions) are not shown by the format") }
        let unusedNames = names.indices.filter { !used.contains(positionalCount + $0) }.map { names[$0] }
        guard unusedNames.isEmpty else {
            throw DebugFormatError("named values \(unusedNames.joined(separator: ", ")) are not shown by the format (an f-string formats too early: write \"{name}\" and pass the value)")
        }
        return pieces
    }
}

/// Why a debug-print format was refused.
struct DebugFormatError: Error, CustomStringConvertible {
    /// What is wrong.
    let description: String

    init(_ description: String) { self.description = description }
}

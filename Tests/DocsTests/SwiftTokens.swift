/// Swift text as a list of tokens: identifiers, numbers, string literals
/// (one token each, contents dropped) and punctuation, with comments
/// dropped. Enough to find declarations and references without a compiler;
/// `->` and `...` are single tokens, every other punctuation mark is one
/// character.
struct SwiftToken: Equatable {
    enum Kind { case identifier, number, string, punctuation }
    let kind: Kind
    let text: String
    /// The 1-based line the token starts on.
    let line: Int

    func isPunctuation(_ mark: String) -> Bool { kind == .punctuation && text == mark }
    var isIdentifier: Bool { kind == .identifier }
}

/// Splits Swift text into ``SwiftToken``s.
struct SwiftLexer {
    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var tokens: [SwiftToken] = []

    /// The tokens of `text`.
    static func tokens(of text: String) -> [SwiftToken] {
        var lexer = SwiftLexer(bytes: Array(text.utf8))
        lexer.code(untilUnmatchedParenthesis: false)
        return lexer.tokens
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private func byte(_ offset: Int = 0) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    private static func isIdentifierStart(_ b: UInt8) -> Bool {
        (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 || b == 36 || b >= 0x80
    }

    private static func isIdentifierBody(_ b: UInt8) -> Bool { isIdentifierStart(b) || (b >= 48 && b <= 57) }

    private mutating func advance() {
        if bytes[index] == 10 { line += 1 }
        index += 1
    }

    private func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    /// Lexes code; inside a string interpolation, stops after the `)` that
    /// closes it (its tokens are not kept).
    private mutating func code(untilUnmatchedParenthesis: Bool) {
        var depth = 0
        while let b = byte() {
            let start = index, startLine = line
            switch b {
            case 10, 13, 32, 9:
                advance()
            case 47 where byte(1) == 47:  // line comment
                while let c = byte(), c != 10 { advance() }
            case 47 where byte(1) == 42:  // block comment, nested
                var nesting = 0
                repeat {
                    if byte() == 47, byte(1) == 42 { nesting += 1; advance() } else if byte() == 42, byte(1) == 47 { nesting -= 1; advance() }
                    advance()
                } while nesting > 0 && byte() != nil
            case 34,
                 35 where isRawStringStart():
                string()
                tokens.append(SwiftToken(kind: .string, text: "\"\"", line: startLine))
            case _ where Self.isIdentifierStart(b):
                while let c = byte(), Self.isIdentifierBody(c) { advance() }
                tokens.append(SwiftToken(kind: .identifier, text: text(start..<index), line: startLine))
            case 96:  // `escaped identifier`
                advance()
                while let c = byte(), c != 96, c != 10 { advance() }
                tokens.append(SwiftToken(kind: .identifier, text: text(start + 1..<index), line: startLine))
                if byte() == 96 { advance() }
            case 48...57:
                while let c = byte(), Self.isIdentifierBody(c) || (c == 46 && (byte(1).map { $0 >= 48 && $0 <= 57 } ?? false)) {
                    advance()
                }
                tokens.append(SwiftToken(kind: .number, text: text(start..<index), line: startLine))
            default:
                let length = (b == 45 && byte(1) == 62) ? 2 : (b == 46 && byte(1) == 46 && byte(2) == 46) ? 3 : 1
                for _ in 0..<length { advance() }
                if untilUnmatchedParenthesis {
                    if b == 40 { depth += 1 } else if b == 41 { if depth == 0 { return }; depth -= 1 }
                }
                tokens.append(SwiftToken(kind: .punctuation, text: text(start..<index), line: startLine))
            }
        }
    }

    /// Whether `#`s here open a raw string.
    private func isRawStringStart() -> Bool {
        var offset = 0
        while byte(offset) == 35 { offset += 1 }
        return offset > 0 && byte(offset) == 34
    }

    /// Skips a string literal: `"…"`, `"""…"""` or raw `#"…"#`, with
    /// interpolations.
    private mutating func string() {
        var hashes = 0
        while byte() == 35 { hashes += 1; advance() }
        let isMultiline = byte(1) == 34 && byte(2) == 34
        let quotes = isMultiline ? 3 : 1
        for _ in 0..<quotes { advance() }
        while let b = byte() {
            if b == 92 {  // backslash: an escape or an interpolation
                var offset = 1
                while offset <= hashes, byte(offset) == 35 { offset += 1 }
                guard offset == hashes + 1 else { advance(); continue }
                for _ in 0..<offset { advance() }
                if byte() == 40 {
                    advance()
                    var nested = SwiftLexer(bytes: bytes)
                    nested.index = index
                    nested.line = line
                    nested.code(untilUnmatchedParenthesis: true)
                    index = nested.index
                    line = nested.line
                } else if byte() != nil {
                    advance()
                }
                continue
            }
            if b == 34, (0..<quotes).allSatisfy({ byte($0) == 34 }), (0..<hashes).allSatisfy({ byte(quotes + $0) == 35 }) {
                for _ in 0..<(quotes + hashes) { advance() }
                return
            }
            if b == 10, !isMultiline { return }  // unterminated: stop at the line's end
            advance()
        }
    }
}

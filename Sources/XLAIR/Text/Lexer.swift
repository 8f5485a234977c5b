/// One token of IR text, with its position for error messages.
struct Token {
    enum Kind: Equatable {
        /// `%name`.
        case value(String)
        /// `@name`.
        case symbol(String)
        /// An identifier or number: `add`, `-1`, `1.5e-05`, `0x7FC00000`, `inf`.
        case word(String)
        /// A quoted string, unescaped.
        case string(String)
        /// `tensor<...>`.
        case type(TensorType)
        /// `->`.
        case arrow
        /// One of `( ) { } [ ] < > , : =`.
        case punctuation(UInt8)
        /// The end of the text.
        case end
    }

    let kind: Kind
    let line: Int
    let column: Int
}

/// Splits IR text into tokens.
struct Lexer {
    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var lineStart = 0

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    /// All tokens, ending with `.end`.
    static func tokens(_ text: String) throws -> [Token] {
        var lexer = Lexer(text)
        var tokens: [Token] = []
        repeat { tokens.append(try lexer.next()) } while tokens.last!.kind != .end
        return tokens
    }

    private mutating func next() throws -> Token {
        skipSpace()
        let (startLine, column) = (line, index - lineStart + 1)
        func token(_ kind: Token.Kind) -> Token { Token(kind: kind, line: startLine, column: column) }
        guard index < bytes.count else { return token(.end) }
        let byte = bytes[index]
        switch byte {
        case UInt8(ascii: "%"), UInt8(ascii: "@"):
            index += 1
            let name = readWhile(Lexer.isNameByte)
            guard !name.isEmpty else { throw error("expected a name after '\(Character(UnicodeScalar(byte)))'", startLine, column) }
            return token(byte == UInt8(ascii: "%") ? .value(name) : .symbol(name))
        case UInt8(ascii: "\""):
            return token(.string(try readString(startLine, column)))
        case UInt8(ascii: "-") where peek(1) == UInt8(ascii: ">"):
            index += 2
            return token(.arrow)
        case _ where Lexer.isNameByte(byte) || byte == UInt8(ascii: "-"):
            let word = readWord()
            if word == "tensor", peek(0) == UInt8(ascii: "<") {
                let start = index
                while index < bytes.count, bytes[index] != UInt8(ascii: ">") { index += 1 }
                index += 1
                let text = "tensor" + String(decoding: bytes[start..<min(index, bytes.count)], as: UTF8.self)
                guard let type = TensorType(parsing: Substring(text)) else {
                    throw error("'\(text)' is not a static tensor type", startLine, column)
                }
                return token(.type(type))
            }
            return token(.word(word))
        case _ where Array("(){}[]<>,:=".utf8).contains(byte):
            index += 1
            return token(.punctuation(byte))
        default:
            throw error("unexpected character '\(Character(UnicodeScalar(byte)))'", startLine, column)
        }
    }

    private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\n"):
                index += 1
                line += 1
                lineStart = index
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                index += 1
            case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "/"):
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
            default:
                return
            }
        }
    }

    /// A word; in a decimal number, `+`/`-` continue it after the exponent's `e`.
    private mutating func readWord() -> String {
        let start = index
        index += 1
        let digitsStart = bytes[start] == UInt8(ascii: "-") ? start + 1 : start
        let isDecimal = Lexer.isDigit(peekAt(digitsStart)) && peekAt(digitsStart + 1).map { $0 | 0x20 } != UInt8(ascii: "x")
        while index < bytes.count {
            let byte = bytes[index]
            let isSign = byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
            guard Lexer.isNameByte(byte) || isSign && isDecimal && bytes[index - 1] | 0x20 == UInt8(ascii: "e") else { break }
            index += 1
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func readWhile(_ accept: (UInt8) -> Bool) -> String {
        let start = index
        while index < bytes.count, accept(bytes[index]) { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func readString(_ startLine: Int, _ column: Int) throws -> String {
        index += 1
        var content: [UInt8] = []
        while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
            if bytes[index] == UInt8(ascii: "\\") { index += 1 }
            guard index < bytes.count, bytes[index] != UInt8(ascii: "\n") else { break }
            content.append(bytes[index])
            index += 1
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
            throw error("unterminated string", startLine, column)
        }
        index += 1
        return String(decoding: content, as: UTF8.self)
    }

    private func peek(_ offset: Int) -> UInt8? { peekAt(index + offset) }

    private func peekAt(_ position: Int) -> UInt8? { position < bytes.count ? bytes[position] : nil }

    private func error(_ message: String, _ line: Int, _ column: Int) -> IRError {
        .parse(message: message, line: line, column: column)
    }

    private static func isDigit(_ byte: UInt8?) -> Bool {
        guard let byte else { return false }
        return byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
    }
}

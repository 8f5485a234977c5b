/// Reads IR text as ``Program/irText`` prints it.
///
/// Grammar (`//` starts a comment):
/// ```
/// program      := 'program' @name function*
/// function    := 'func' @name '(' parameters ')' '->' '(' types ')' '{' body '}'
/// parameter   := %name ':' type ['{' 'donated' '}']
/// body        := instruction* 'return' [%value (',' %value)*]
/// instruction := [%name (',' %name)* '='] op ['(' %value, ... ')'] ['{' name '=' attribute, ... '}']
///                ':' ('(' ')' | type (',' type)*) ['effectful' | 'pure'] ['loc' '(' "text" ')'] region*
/// region      := 'region' '(' parameters ')' '{' body '}'
/// attribute   := integer | '[' integers ']' | 'true' | 'false' | "string" | element type
///              | 'dense' '<' elements '>' ':' type
/// ```
/// Names must be defined earlier in the text than their uses; the parser
/// does not check types or scopes (``Verifier`` does), so malformed IR can
/// be stated as text.
public struct IRParser {
    private let tokens: [Token]
    private var position = 0
    private var values: [String: Value] = [:]
    private var nextID = 0

    private init(_ text: String) throws {
        tokens = try Lexer.tokens(text)
    }

    /// Parses a program.
    ///
    /// - Throws: ``IRError/parse(message:line:column:)`` at the first
    ///   syntax error, undefined or redefined name, unknown op or bad literal.
    public static func program(_ text: String) throws -> Program {
        var parser = try IRParser(text)
        return try parser.program()
    }

    private mutating func program() throws -> Program {
        try expectWord("module")
        let name = try symbol()
        var functions: [Function] = []
        while current.kind != .end { functions.append(try function()) }
        return Program(name: name, functions: functions)
    }

    private mutating func function() throws -> Function {
        try expectWord("func")
        let name = try symbol()
        values = [:]
        nextID = 0
        var donated: Set<Int> = []
        let arguments = try parameters { parser, index in
            guard try parser.take(.punctuation(UInt8(ascii: "{"))) else { return }
            try parser.expectWord("donated")
            try parser.expect(.punctuation(UInt8(ascii: "}")))
            donated.insert(index)
        }
        try expect(.arrow)
        try expect(.punctuation(UInt8(ascii: "(")))
        var declared: [TensorType] = []
        if !(try take(.punctuation(UInt8(ascii: ")")))) {
            declared = try list { try $0.type() }
            try expect(.punctuation(UInt8(ascii: ")")))
        }
        let start = current
        let body = try block(arguments: arguments)
        guard body.returns.map(\.type) == declared else {
            throw IRError.parse(message: "@\(name) declares results (\(declared.map(\.description).joined(separator: ", "))) but returns (\(body.returns.map(\.type.description).joined(separator: ", ")))",
                                line: start.line, column: start.column)
        }
        return Function(name: name, body: body, donatedParameters: donated)
    }

    /// `'(' %name ':' type [extra] , ... ')'`, defining each name.
    private mutating func parameters(_ extra: (inout IRParser, Int) throws -> Void = { _, _ in }) throws -> [Value] {
        try expect(.punctuation(UInt8(ascii: "(")))
        var result: [Value] = []
        if try take(.punctuation(UInt8(ascii: ")"))) { return result }
        repeat {
            let name = try valueName()
            try expect(.punctuation(UInt8(ascii: ":")))
            result.append(try define(name, try type()))
            try extra(&self, result.count - 1)
        } while try take(.punctuation(UInt8(ascii: ",")))
        try expect(.punctuation(UInt8(ascii: ")")))
        return result
    }

    /// `'{' instruction* 'return' values '}'`.
    private mutating func block(arguments: [Value]) throws -> Region {
        try expect(.punctuation(UInt8(ascii: "{")))
        var region = Region(arguments: arguments)
        while current.kind != .word("return") { region.instructions.append(try instruction()) }
        position += 1
        if case .value = current.kind { region.returns = try list { try $0.operand() } }
        try expect(.punctuation(UInt8(ascii: "}")))
        return region
    }

    private mutating func instruction() throws -> Instruction {
        let start = current
        var resultNames: [(name: String, token: Token)] = []
        if case .value = current.kind {
            resultNames = try list { try $0.valueName() }
            try expect(.punctuation(UInt8(ascii: "=")))
        }
        let opToken = current
        let opName = try word()
        guard let op = OpRegistry.op(named: opName) else {
            throw IRError.parse(message: "unknown op '\(opName)'", line: opToken.line, column: opToken.column)
        }
        var operands: [Value] = []
        if try take(.punctuation(UInt8(ascii: "("))), !(try take(.punctuation(UInt8(ascii: ")")))) {
            operands = try list { try $0.operand() }
            try expect(.punctuation(UInt8(ascii: ")")))
        }
        var attributes: Attributes = [:]
        if try take(.punctuation(UInt8(ascii: "{"))) {
            repeat {
                let name = try word()
                try expect(.punctuation(UInt8(ascii: "=")))
                attributes[name] = try attribute()
            } while try take(.punctuation(UInt8(ascii: ",")))
            try expect(.punctuation(UInt8(ascii: "}")))
        }
        try expect(.punctuation(UInt8(ascii: ":")))
        var types: [TensorType] = []
        if try take(.punctuation(UInt8(ascii: "("))) {
            try expect(.punctuation(UInt8(ascii: ")")))
        } else {
            types = try list { try $0.type() }
        }
        guard types.count == resultNames.count else {
            throw IRError.parse(message: "\(resultNames.count) result name(s) but \(types.count) type(s)",
                                line: start.line, column: start.column)
        }
        let results = try zip(resultNames, types).map { try define($0, $1) }
        var effect: Bool?
        if try take(.word("effectful")) { effect = true } else if try take(.word("pure")) { effect = false }
        var location: String?
        if try take(.word("loc")) {
            try expect(.punctuation(UInt8(ascii: "(")))
            location = try string()
            try expect(.punctuation(UInt8(ascii: ")")))
        }
        var regions: [Region] = []
        while try take(.word("region")) { regions.append(try block(arguments: try parameters())) }
        var instruction = Instruction(op: op, operands: operands, attributes: attributes, results: results,
                                      regions: regions, location: location)
        if let effect { instruction.isEffectful = effect }
        return instruction
    }

    private mutating func attribute() throws -> Attribute {
        let token = current
        switch token.kind {
        case .string(let text):
            position += 1
            return .string(text)
        case .punctuation(UInt8(ascii: "[")):
            position += 1
            if try take(.punctuation(UInt8(ascii: "]"))) { return .ints([]) }
            let numbers = try list { try $0.integer() }
            try expect(.punctuation(UInt8(ascii: "]")))
            return .ints(numbers)
        case .word("true"), .word("false"):
            position += 1
            return .bool(token.kind == .word("true"))
        case .word("dense"):
            return .literal(try literal())
        case .word(let text):
            if let type = ElementType(rawValue: text) {
                position += 1
                return .elementType(type)
            }
            return .int(try integer())
        default:
            throw unexpected("an attribute value")
        }
    }

    /// `dense<elements> : type`.
    private mutating func literal() throws -> Literal {
        let start = current
        try expectWord("dense")
        try expect(.punctuation(UInt8(ascii: "<")))
        var elements: [String] = []
        var depth = 0
        while current.kind != .punctuation(UInt8(ascii: ">")) || depth > 0 {
            switch current.kind {
            case .punctuation(UInt8(ascii: "[")): depth += 1
            case .punctuation(UInt8(ascii: "]")): depth -= 1
            case .punctuation(UInt8(ascii: ",")): break
            case .word(let text): elements.append(text)
            default: throw unexpected("a literal element")
            }
            position += 1
        }
        position += 1
        try expect(.punctuation(UInt8(ascii: ":")))
        let type = try self.type()
        let count = type.elementCount
        guard elements.count == count || elements.count == 1 && count > 0 else {
            throw IRError.parse(message: "\(type) needs \(count) elements, not \(elements.count)", line: start.line, column: start.column)
        }
        let bits = try elements.map { text in
            guard let bits = Literal.elementBits(text, as: type.elementType) else {
                throw IRError.parse(message: "'\(text)' is not a \(type.elementType) value", line: start.line, column: start.column)
            }
            return bits
        }
        return Literal(type: type, bitPatterns: bits.count == count ? bits : Array(repeating: bits[0], count: count))
    }

    // MARK: Tokens

    private var current: Token { tokens[position] }

    private mutating func take(_ kind: Token.Kind) throws -> Bool {
        guard current.kind == kind else { return false }
        position += 1
        return true
    }

    private mutating func expect(_ kind: Token.Kind) throws {
        guard try take(kind) else { throw unexpected(IRParser.describe(kind)) }
    }

    private mutating func expectWord(_ text: String) throws {
        try expect(.word(text))
    }

    private mutating func list<T>(_ element: (inout IRParser) throws -> T) throws -> [T] {
        var result = [try element(&self)]
        while try take(.punctuation(UInt8(ascii: ","))) { result.append(try element(&self)) }
        return result
    }

    /// The current token's payload as `extract` reads it, consuming the
    /// token; an error naming `expected` when it reads nil.
    private mutating func next<T>(_ expected: String, _ extract: (Token.Kind) -> T?) throws -> T {
        guard let value = extract(current.kind) else { throw unexpected(expected) }
        position += 1
        return value
    }

    private mutating func word() throws -> String {
        try next("a name") { if case let .word(text) = $0 { text } else { nil } }
    }

    private mutating func symbol() throws -> String {
        try next("an @name") { if case let .symbol(text) = $0 { text } else { nil } }
    }

    private mutating func string() throws -> String {
        try next("a quoted string") { if case let .string(text) = $0 { text } else { nil } }
    }

    /// A `%name` and its token.
    private mutating func valueName() throws -> (name: String, token: Token) {
        let token = current
        return (try next("a %value") { if case let .value(text) = $0 { text } else { nil } }, token)
    }

    /// A `%name` already defined.
    private mutating func operand() throws -> Value {
        let (name, token) = try valueName()
        guard let value = values[name] else {
            throw IRError.parse(message: "%\(name) is used before it is defined", line: token.line, column: token.column)
        }
        return value
    }

    private mutating func type() throws -> TensorType {
        try next("a tensor type") { if case let .type(type) = $0 { type } else { nil } }
    }

    private mutating func integer() throws -> Int {
        try next("an integer") { if case let .word(text) = $0 { Int(text) } else { nil } }
    }

    private mutating func define(_ name: (name: String, token: Token), _ type: TensorType) throws -> Value {
        guard values[name.name] == nil else {
            throw IRError.parse(message: "%\(name.name) is defined twice", line: name.token.line, column: name.token.column)
        }
        let value = Value(id: nextID, type: type)
        nextID += 1
        values[name.name] = value
        return value
    }

    private func unexpected(_ expected: String) -> IRError {
        .parse(message: "expected \(expected), found \(IRParser.describe(current.kind))", line: current.line,
               column: current.column)
    }

    private static func describe(_ kind: Token.Kind) -> String {
        switch kind {
        case let .value(name): "%\(name)"
        case let .symbol(name): "@\(name)"
        case let .word(text): "'\(text)'"
        case let .string(text): "\"\(text)\""
        case let .type(type): type.description
        case .arrow: "'->'"
        case let .punctuation(byte): "'\(Character(UnicodeScalar(byte)))'"
        case .end: "the end of the text"
        }
    }
}

extension Program {
    /// Parses IR text; see ``IRParser``.
    ///
    /// - Throws: ``IRError/parse(message:line:column:)``.
    public init(parsing text: String) throws {
        self = try IRParser.program(text)
    }
}

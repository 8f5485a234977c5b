import XLATypes

/// The parameter and result types of a StableHLO program's `@main`, and which
/// parameters it donates (`jax.buffer_donor = true` or `tf.aliasing_output`).
///
/// The runtime reads them from the program text so that execute can check
/// its arguments before the plugin sees them.
public struct ProgramSignature: Hashable, Sendable {
    /// The parameter types, in order.
    public var parameters: [TensorType]
    /// The result types, in order.
    public var results: [TensorType]
    /// Indices of parameters whose buffers the program consumes.
    public var donatedParameters: Set<Int>

    /// Creates a signature.
    public init(parameters: [TensorType], results: [TensorType], donatedParameters: Set<Int> = []) {
        self.parameters = parameters
        self.results = results
        self.donatedParameters = donatedParameters
    }

    /// Reads the signature of `@main` in StableHLO text.
    ///
    /// - Throws: ``XLAError/invalidProgram(reason:)`` when there is no `@main`
    ///   or a parameter or result is not a static tensor.
    public init(parsing program: String) throws {
        let text = Substring(program)
        guard let name = text.firstRange(of: "@main(") else {
            throw XLAError.invalidProgram(reason: "the program has no `func.func public @main(...)`")
        }
        let open = text.index(before: name.upperBound)
        let close = try ProgramSignature.matchingClose(in: text, from: open)
        var parameters: [TensorType] = []
        var donated: Set<Int> = []
        let argumentText = text[text.index(after: open)..<close]
        for (index, argument) in ProgramSignature.splitTopLevel(argumentText).enumerated() {
            guard let colon = argument.firstIndex(of: ":") else {
                throw XLAError.invalidProgram(reason: "cannot read parameter \(index) of @main: '\(argument)'")
            }
            let (type, attributes) = try ProgramSignature.typeAndAttributes(argument[argument.index(after: colon)...],
                                                                           what: "parameter \(index)")
            parameters.append(type)
            if attributes.contains("jax.buffer_donor = true") || attributes.contains("tf.aliasing_output") {
                donated.insert(index)
            }
        }
        var rest = text[text.index(after: close)...].trimmingLeadingSpaces()
        var results: [TensorType] = []
        if rest.hasPrefix("->") {
            rest = rest.dropFirst(2).trimmingLeadingSpaces()
            let resultTexts: [Substring]
            if rest.hasPrefix("(") {
                let end = try ProgramSignature.matchingClose(in: rest, from: rest.startIndex)
                resultTexts = ProgramSignature.splitTopLevel(rest[rest.index(after: rest.startIndex)..<end])
            } else {
                resultTexts = [rest.prefix(while: { $0 != " " && $0 != "{" && $0 != "\n" })]
            }
            for (index, result) in resultTexts.enumerated() {
                results.append(try ProgramSignature.typeAndAttributes(result, what: "result \(index)").type)
            }
        }
        self.init(parameters: parameters, results: results, donatedParameters: donated)
    }

    static func typeAndAttributes(_ text: Substring, what: String) throws -> (type: TensorType, attributes: Substring) {
        let text = text.trimmingLeadingSpaces()
        let typeEnd = text.firstIndex(where: { $0 == "{" }) ?? text.endIndex
        let typeText = text[..<typeEnd]
        guard let type = TensorType(parsing: typeText) else {
            throw XLAError.invalidProgram(reason: "\(what) of @main has type '\(typeText.trimmingTrailingSpaces())', not a static tensor type")
        }
        return (type, text[typeEnd...])
    }

    /// The index of the bracket closing the one at `open`, skipping nested
    /// brackets and quoted strings.
    static func matchingClose(in text: Substring, from open: Substring.Index) throws -> Substring.Index {
        var close: Substring.Index?
        scan(text[open...]) { index, _, depth in
            if depth == 0 { close = index }
            return depth != 0
        }
        guard let close else { throw XLAError.invalidProgram(reason: "unbalanced brackets in the signature of @main") }
        return close
    }

    /// Splits at commas that are not nested in brackets or strings.
    static func splitTopLevel(_ text: Substring) -> [Substring] {
        var parts: [Substring] = []
        var start = text.startIndex
        scan(text) { index, character, depth in
            if character == ",", depth == 0 {
                parts.append(text[start..<index])
                start = text.index(after: index)
            }
            return true
        }
        let last = text[start...]
        if !last.allSatisfy(\.isWhitespace) { parts.append(last) }
        return parts
    }

    /// Calls `visit` with each character outside quoted strings and the
    /// bracket depth after it (an opening bracket counts as inside, `->` is
    /// not a bracket), until `visit` returns false.
    private static func scan(_ text: Substring, _ visit: (Substring.Index, Character, Int) -> Bool) {
        var depth = 0
        var inString = false
        var previous: Character = " "
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            defer { previous = character }
            if inString {
                if character == "\\" { index = text.index(after: index) } else if character == "\"" { inString = false }
            } else if character == "\"" {
                inString = true
            } else {
                if "(<[{".contains(character) { depth += 1 }
                if ")>]}".contains(character), !(character == ">" && previous == "-") { depth -= 1 }
                if !visit(index, character, depth) { return }
            }
            if index < text.endIndex { index = text.index(after: index) }
        }
    }
}

extension Substring {
    func trimmingLeadingSpaces() -> Substring { drop(while: \.isWhitespace) }
    func trimmingTrailingSpaces() -> Substring {
        var result = self
        while let last = result.last, last.isWhitespace { result = result.dropLast() }
        return result
    }
}

/// Splitting a parenthesized list into its comma-separated pieces.
enum CallArguments {
    /// The pieces between the parenthesis at `opening` and its match, split
    /// at top-level commas, and the index of the closing parenthesis; nil
    /// when it is not closed.
    static func split(_ tokens: [SwiftToken], openingAt opening: Int) -> ([[SwiftToken]], Int)? {
        var pieces: [[SwiftToken]] = [[]]
        var depth = 0, angle = 0
        var position = opening + 1
        while position < tokens.count {
            let token = tokens[position]
            if token.kind == .punctuation {
                switch token.text {
                case "(", "[", "{": depth += 1
                case ")", "]", "}":
                    if depth == 0 {
                        return (pieces.last?.isEmpty == true && pieces.count == 1 ? [] : pieces, position)
                    }
                    depth -= 1
                case "<": angle += 1
                case ">": angle = max(0, angle - 1)
                case "," where depth == 0 && angle == 0:
                    pieces.append([])
                    position += 1
                    continue
                default: break
                }
            }
            pieces[pieces.count - 1].append(token)
            position += 1
        }
        return nil
    }
}

/// The argument labels of a call or selector in the docs, and whether a
/// declaration's parameters accept them.
enum CallLabels {
    /// The labels one argument stands for: `label: value` → label; a
    /// selector piece `a:b:` → a, b; `...` → any; otherwise unlabeled.
    static func labels(_ piece: [SwiftToken]) -> [String] {
        if piece.count == 1, piece[0].text == "..." || piece[0].text == "…" { return ["*"] }
        if let labels = selectorLabels(piece) { return labels }
        if piece.count >= 2, piece[0].isIdentifier, piece[1].isPunctuation(":") { return [piece[0].text] }
        return ["_"]
    }

    /// The labels of a selector piece `a:b:` (`a:b:...` ends with any), or nil.
    static func selectorLabels(_ piece: [SwiftToken]) -> [String]? {
        var body = piece[...], labels: [String] = []
        if let last = body.last, last.text == "..." || last.text == "…" {
            body = body.dropLast()
            labels = ["*"]
        }
        let isSelector = body.count % 2 == 0 && !body.isEmpty && body.indices.allSatisfy {
            ($0 - body.startIndex) % 2 == 0 ? body[$0].isIdentifier : body[$0].isPunctuation(":")
        }
        guard isSelector else { return nil }
        return stride(from: body.startIndex, to: body.endIndex, by: 2).map { body[$0].text } + labels
    }

    /// Whether a call with `labels` can call a declaration with `parameters`.
    static func matches(_ labels: ArraySlice<String>, _ parameters: ArraySlice<DeclaredParameter>,
                        trailingClosure: Bool) -> Bool {
        let canSkip = { (parameter: DeclaredParameter) in
            parameter.hasDefault || parameter.isVariadic || (trailingClosure && parameter.isFunction)
        }
        guard let label = labels.first else { return parameters.allSatisfy(canSkip) }
        if label == "*" {
            return (0...parameters.count).contains { matches(labels.dropFirst(), parameters.dropFirst($0), trailingClosure: trailingClosure) }
        }
        guard let parameter = parameters.first else { return false }
        if parameter.label == label {
            if matches(labels.dropFirst(), parameters.dropFirst(), trailingClosure: trailingClosure) { return true }
            if parameter.isVariadic, matches(labels.dropFirst(), parameters, trailingClosure: trailingClosure) { return true }
        }
        return canSkip(parameter) && matches(labels, parameters.dropFirst(), trailingClosure: trailingClosure)
    }
}

/// Einsum subscripts checked against the operands' shapes: one label per
/// dimension of each operand and of the output, with `...` expanded to
/// labels of its own (NumPy's and opt_einsum's rules).
struct EinsumSubscripts {
    /// Each operand's labels, one per dimension.
    let inputs: [[Character]]
    /// The output's labels.
    let output: [Character]

    /// Why subscripts were rejected: `subscripts` problems are about the
    /// text alone, the others about how it fits the operands.
    struct Problem: Error {
        let reason: String
        let isAboutText: Bool
    }

    /// Parses `text` for operands of `shapes`.
    init(_ text: String, shapes: [[Int]]) throws(Problem) {
        let text = text.filter { $0 != " " }
        let parts = text.split(separator: "->", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 2 else { throw Problem(reason: "'->' appears more than once in \"\(text)\"", isAboutText: true) }
        let terms = try parts[0].split(separator: ",", omittingEmptySubsequences: false).map { term throws(Problem) in
            try Term(String(term))
        }
        let explicit = try parts.count == 2 ? Term(parts[1]) : nil
        guard terms.count == shapes.count else {
            throw Problem(reason: "the subscripts name \(terms.count) operand\(terms.count == 1 ? "" : "s") but "
                          + "\(shapes.count) \(shapes.count == 1 ? "was" : "were") given", isAboutText: false)
        }
        // `...` stands for the dimensions its operand has beyond its labels,
        // aligned on the right as in broadcasting.
        var ellipsisRank = 0
        for (index, (term, shape)) in zip(terms, shapes).enumerated() {
            let named = term.labels.count
            guard term.hasEllipsis ? named <= shape.count : named == shape.count else {
                throw Problem(reason: "operand \(index) has rank \(shape.count) but its subscripts \"\(term.text)\" name "
                              + "\(named) dimension\(named == 1 ? "" : "s")\(term.hasEllipsis ? " before '...'" : "")", isAboutText: false)
            }
            if term.hasEllipsis { ellipsisRank = Swift.max(ellipsisRank, shape.count - named) }
        }
        let broadcast = (0..<ellipsisRank).map { Character(Unicode.Scalar(0xE000 + $0)!) }
        inputs = zip(terms, shapes).map { term, shape in term.expanded(Array(broadcast.suffix(shape.count - term.labels.count))) }
        let counts = inputs.joined().reduce(into: [Character: Int]()) { $0[$1, default: 0] += 1 }
        if let explicit {
            if let label = explicit.labels.first(where: { counts[$0] == nil }) {
                throw Problem(reason: "the output label '\(label)' appears in no operand", isAboutText: true)
            }
            if let label = explicit.labels.first(where: { label in explicit.labels.count(where: { $0 == label }) > 1 }) {
                throw Problem(reason: "the output label '\(label)' appears more than once", isAboutText: true)
            }
            output = explicit.expanded(broadcast)
        } else {
            output = broadcast + counts.filter { $0.value == 1 && !broadcast.contains($0.key) }.keys.sorted()
        }
        try Self.checkSizes(inputs, shapes)
    }

    /// Every label has one size, except that size 1 broadcasts across
    /// operands (not within one).
    private static func checkSizes(_ inputs: [[Character]], _ shapes: [[Int]]) throws(Problem) {
        var sizes: [Character: (size: Int, operand: Int)] = [:]
        for (operand, (labels, shape)) in zip(inputs, shapes).enumerated() {
            var own: [Character: Int] = [:]
            for (label, size) in zip(labels, shape) {
                if let seen = own[label], seen != size {
                    throw Problem(reason: "the label '\(describe(label))' has sizes \(seen) and \(size) in operand \(operand)",
                                  isAboutText: false)
                }
                own[label] = size
                guard let seen = sizes[label], seen.size != 1 else {
                    sizes[label] = (size, operand)
                    continue
                }
                if size != 1 && size != seen.size {
                    throw Problem(reason: "the label '\(describe(label))' has size \(seen.size) in operand \(seen.operand) but "
                                  + "\(size) in operand \(operand)", isAboutText: false)
                }
            }
        }
    }

    /// A label as the user wrote it; `...` for the ellipsis's own labels.
    static func describe(_ label: Character) -> String { label.isLetter && label.isASCII ? String(label) : "..." }

    /// One comma-separated term: its letters and where `...` stands.
    private struct Term {
        let text: String
        let labels: [Character]
        let ellipsisPosition: Int?
        var hasEllipsis: Bool { ellipsisPosition != nil }

        init(_ text: String) throws(Problem) {
            self.text = text
            let pieces = text.split(separator: "...", omittingEmptySubsequences: false).map(String.init)
            guard pieces.count <= 2 else { throw Problem(reason: "'...' appears more than once in \"\(text)\"", isAboutText: true) }
            if let bad = pieces.joined().first(where: { !($0.isASCII && $0.isLetter) }) {
                let what = bad == "." ? "a '.' that is not part of '...'" : "the character '\(bad)'"
                throw Problem(reason: "\"\(text)\" has \(what); labels are the letters a-z and A-Z", isAboutText: true)
            }
            labels = Array(pieces.joined())
            ellipsisPosition = pieces.count == 2 ? pieces[0].count : nil
        }

        /// The labels with `broadcast` in place of `...`.
        func expanded(_ broadcast: [Character]) -> [Character] {
            guard let position = ellipsisPosition else { return labels }
            return Array(labels[..<position]) + broadcast + Array(labels[position...])
        }
    }
}

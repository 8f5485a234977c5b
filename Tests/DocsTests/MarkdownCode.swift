/// A piece of code in a Markdown page: an inline code span or the body of
/// a fenced block, with the line it starts on.
struct MarkdownCode {
    enum Kind: Equatable {
        case span
        /// A fenced block with its info string (`swift`, `python`, empty).
        case block(language: String)
    }

    let kind: Kind
    let text: String
    let line: Int
    /// Whether it sits in a table column headed by another library (`JAX`,
    /// `Haiku`, `optax`): quoted from it for comparison.
    var isQuoted = false

    /// Column headers that mark a column as another library's.
    private static let quotingHeaders = ["JAX", "Haiku", "optax", "Python"]

    /// The code spans and fenced blocks of `markdown`. A span may continue
    /// onto the next line, as in Markdown; its line breaks become spaces.
    static func extract(from markdown: String) -> [MarkdownCode] {
        var result: [MarkdownCode] = []
        var block: (language: String, line: Int, lines: [String])?
        var paragraph: [(line: Int, text: String)] = []
        var previousRow: [String]?, quotedColumns: Set<Int> = []

        func flushParagraph() {
            result += spans(in: paragraph)
            paragraph = []
        }
        for (offset, line) in markdown.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == " " }
            if trimmed.hasPrefix("```") {
                if let open = block {
                    result.append(MarkdownCode(kind: .block(language: open.language), text: open.lines.joined(separator: "\n"),
                                               line: open.line))
                    block = nil
                } else {
                    flushParagraph()
                    block = (String(trimmed.dropFirst(3)).trimmingSpaces, offset + 2, [])
                }
            } else if block != nil {
                block?.lines.append(String(line))
            } else if trimmed.hasPrefix("|") {
                flushParagraph()
                let cells = tableCells(trimmed)
                if cells.allSatisfy({ $0.allSatisfy { "-: ".contains($0) } }), let header = previousRow {
                    quotedColumns = Set(header.indices.filter { column in
                        isQuotedColumn(header[column])
                    })
                }
                for (column, cell) in cells.enumerated() {
                    result += spans(in: [(offset + 1, cell)]).map {
                        var code = $0
                        code.isQuoted = quotedColumns.contains(column)
                        return code
                    }
                }
                previousRow = cells
            } else if trimmed.isEmpty {
                flushParagraph()
            } else {
                paragraph.append((offset + 1, String(line)))
            }
            if !trimmed.hasPrefix("|") { previousRow = nil; quotedColumns = [] }
        }
        flushParagraph()
        return result
    }

    private static func isQuotedColumn(_ header: String) -> Bool {
        quotingHeaders.contains(where: header.contains) && !header.contains("Swift") && !header.contains("swift")
    }

    /// The cells of a table row, split at `|` outside code spans.
    private static func tableCells(_ row: Substring) -> [String] {
        var cells: [String] = [], current = "", inCode = false
        for character in row.dropFirst() {
            if character == "`" { inCode.toggle() }
            if character == "|", !inCode {
                cells.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        return cells
    }

    /// The spans of one paragraph: text between single backticks (a double
    /// backtick pair is an empty span, skipped).
    private static func spans(in paragraph: [(line: Int, text: String)]) -> [MarkdownCode] {
        var result: [MarkdownCode] = []
        var open: (line: Int, text: String)?
        for (number, text) in paragraph {
            var rest = Substring(text)
            while let tick = rest.firstIndex(of: "`") {
                if var current = open {
                    current.text += rest[..<tick]
                    if !current.text.isEmpty {
                        result.append(MarkdownCode(kind: .span, text: current.text.trimmingSpaces, line: current.line))
                    }
                    open = nil
                } else {
                    open = (number, "")
                }
                rest = rest[rest.index(after: tick)...]
            }
            if open != nil { open?.text += rest + " " }
        }
        return result
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}

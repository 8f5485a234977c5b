/// NumPy's `array2string` layout: brackets nested per axis, `...` in place
/// of the middle of long axes when the array is summarized, and rows of
/// elements wrapped to a line width.
struct ArrayLayout {
    /// Elements kept at each end of a summarized axis.
    static let edgeItems = 3

    /// The array's dimensions.
    let shape: [Int]
    /// Whether long axes show only their ends (NumPy does this above 1000 elements).
    let isSummarized: Bool

    /// The positions printed along `axis`, with `nil` for the `...` gap.
    func shownPositions(along axis: Int) -> [Int?] {
        let length = shape[axis]
        guard isSummarized, length > 2 * Self.edgeItems else { return Array(0..<length) }
        return Array(0..<Self.edgeItems) + [nil] + Array(length - Self.edgeItems..<length)
    }

    /// Row-major offsets of every printed element, in printing order.
    var shownOffsets: [Int] {
        shape.indices.reduce([0]) { offsets, axis in
            let positions = shownPositions(along: axis).compactMap { $0 }
            return offsets.flatMap { offset in positions.map { offset * shape[axis] + $0 } }
        }
    }

    /// The nested text of the array.
    ///
    /// - Parameters:
    ///   - separator: Text between elements (`" "` for `str`, `", "` for `repr`).
    ///   - indent: What starts each continuation line; one space per open bracket is added inside.
    ///   - lineWidth: The widest a line may be, closing brackets included.
    ///   - element: The text of the element at a row-major offset.
    func text(separator: String, indent: String, lineWidth: Int, element: @escaping (Int) -> String) -> String {
        Renderer(layout: self, separator: separator, element: element)
            .render(axis: 0, offset: 0, indent: indent, width: lineWidth)
    }
}

/// One rendering pass of an ``ArrayLayout``.
private struct Renderer {
    let layout: ArrayLayout
    let separator: String
    let element: (Int) -> String

    /// The text of the sub-array at `offset` whose first axis is `axis`.
    func render(axis: Int, offset: Int, indent: String, width: Int) -> String {
        let shape = layout.shape
        guard axis < shape.count else { return element(offset) }
        let stride = shape[(axis + 1)...].reduce(1, *)
        let items = layout.shownPositions(along: axis).map { position in
            position.map { render(axis: axis + 1, offset: offset + $0 * stride, indent: indent + " ", width: width - 1) }
                ?? "..."
        }
        let closingSeparator = separator.droppingTrailingSpaces
        let body: String
        if axis == shape.count - 1 {
            body = wrapped(items, indent: indent, width: width - max(closingSeparator.count, 1))
        } else {
            let rowSeparator = closingSeparator + String(repeating: "\n", count: shape.count - axis - 1)
            body = items.map { indent + $0 }.joined(separator: rowSeparator)
        }
        return "[" + body.dropFirst(indent.count) + "]"
    }

    /// Words joined by the separator, starting a new line (after `indent`)
    /// before any word that would pass `width`, unless the line holds no word yet.
    private func wrapped(_ words: [String], indent: String, width: Int) -> String {
        var text = ""
        var line = indent
        for (index, word) in words.enumerated() {
            if line.count + word.count > width && line.count > indent.count {
                text += line.droppingTrailingSpaces + "\n"
                line = indent
            }
            line += word
            if index < words.count - 1 { line += separator }
        }
        return text + line
    }
}

extension String {
    /// The text without trailing spaces.
    var droppingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}

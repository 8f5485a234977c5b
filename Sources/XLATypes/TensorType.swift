/// The static type of a tensor: its element type and its shape.
///
/// Prints and parses as StableHLO does: `tensor<2x3xf32>`, `tensor<i1>` for a
/// scalar, `tensor<0x4xbf16>` for an empty one.
public struct TensorType: Hashable, Sendable {
    /// The element type.
    public var elementType: ElementType
    /// The dimensions, major to minor; empty for a scalar.
    public var shape: [Int]

    /// Creates a tensor type.
    public init(_ elementType: ElementType, _ shape: [Int]) {
        self.elementType = elementType
        self.shape = shape
    }

    /// The number of elements (1 for a scalar, 0 when a dimension is 0).
    ///
    /// Only for a type without a ``sizeProblem`` (every type the IR infers
    /// or verifies, every tensor's): it traps when the count overflows `Int`.
    /// Check a type built from user input with ``sizeProblem`` or use
    /// ``checkedElementCount``. An empty type counts 0 however large its
    /// other dimensions (`[2^40, 2^40, 0]`, which has no size problem).
    public var elementCount: Int { shape.contains(0) ? 0 : shape.reduce(1, *) }

    /// The size in bytes of a dense buffer of this type; like
    /// ``elementCount``, only for a type without a ``sizeProblem``.
    public var byteCount: Int { elementCount * elementType.byteCount }

    /// The number of elements, or nil when it overflows `Int`.
    public var checkedElementCount: Int? { CheckedSize.product(shape).value }

    /// The most dimensions a tensor may have: NumPy's limit. XLA has none,
    /// but its compile time grows faster than the square of the rank (an
    /// elementwise add of rank 1,000 compiles in 1.7 s, of rank 2,000 in
    /// 7.2 s, of rank 4,000 in half a minute), so a rank from bad input
    /// would stall the first operation for minutes.
    public static let maximumRank = 64

    /// Why XLA cannot hold a tensor of this type, or nil when it can: a rank
    /// above ``maximumRank``, a negative dimension, or a byte size of 2^63
    /// or more (an element count or byte size that overflows `Int`), the
    /// size at which XLA's CPU compiler aborts the process.
    ///
    /// ```swift
    /// TensorType(.float32, [1 << 32, 1 << 32]).sizeProblem
    /// // "has 2^63 elements or more, more than XLA accepts"
    /// ```
    public var sizeProblem: String? {
        guard shape.count <= TensorType.maximumRank else {
            return "has rank \(shape.count), more than the \(TensorType.maximumRank) dimensions allowed"
        }
        for dimension in shape where dimension < 0 { return "has a negative dimension (\(dimension))" }
        guard let count = checkedElementCount else {
            return "has 2^63 elements or more, more than XLA accepts"
        }
        guard !count.multipliedReportingOverflow(by: elementType.byteCount).overflow else {
            return "has \(count) elements of \(elementType.byteCount) bytes, 2^63 bytes or more, more than XLA accepts"
        }
        return nil
    }

    /// Parses `tensor<2x3xf32>`; returns nil for anything else (dynamic
    /// dimensions, encodings, tuples, tokens).
    public init?(parsing text: Substring) {
        let text = text.trimmingSpaces()
        guard text.hasPrefix("tensor<"), text.hasSuffix(">") else { return nil }
        let body = text.dropFirst("tensor<".count).dropLast()
        var parts = body.split(separator: "x", omittingEmptySubsequences: false)
        guard let last = parts.popLast(), let elementType = ElementType(rawValue: String(last)) else {
            return nil
        }
        var shape: [Int] = []
        for part in parts {
            guard let dimension = Int(part), dimension >= 0 else { return nil }
            shape.append(dimension)
        }
        self.init(elementType, shape)
    }
}

extension TensorType: CustomStringConvertible {
    /// The StableHLO spelling, e.g. `tensor<2x3xf32>`.
    public var description: String {
        "tensor<" + shape.map { "\($0)x" }.joined() + elementType.rawValue + ">"
    }
}

extension Substring {
    /// The text without leading and trailing spaces, tabs and newlines.
    func trimmingSpaces() -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }) else { return self[endIndex...] }
        let end = lastIndex(where: { !isSpace($0) })!
        return self[start...end]
    }
}

import XLATypes

/// Prints host array values exactly as NumPy 2 and JAX do.
///
/// ```swift
/// let format = ArrayFormat(.floats([1, 2.5, 3, 4]), shape: [2, 2], elementType: .float32)
/// format.numpyString  // "[[1.  2.5]\n [3.  4. ]]"
/// format.jaxRepr      // "Array([[1. , 2.5],\n       [3. , 4. ]], dtype=float32)"
/// ```
///
/// NumPy's default print options apply: 8 digits of precision (shortest
/// round-trip digits in the array's own type, so float32 `0.1` prints `0.1`),
/// a 75-column line, and summarization with `...` above 1000 elements.
/// bfloat16 prints as ml_dtypes does, each element with `%g`'s 6 digits
/// and no padding (`[1 2.5 0.100098]`).
public struct ArrayFormat: Sendable {
    /// The values in row-major order.
    public var values: FormattableValues
    /// The dimensions; empty for a scalar.
    public var shape: [Int]
    /// The element type, which decides the printed precision and the `dtype=` name.
    public var elementType: ElementType
    /// Whether JAX's repr adds `weak_type=True`.
    public var isWeaklyTyped: Bool

    /// Describes an array to print.
    ///
    /// - Parameters:
    ///   - values: The values in row-major order, one per element of `shape`.
    ///   - shape: The dimensions; empty for a scalar.
    ///   - elementType: The element type; floats must be exact values of it.
    ///   - weakType: Whether the array is weakly typed, as JAX marks Python scalars.
    public init(_ values: FormattableValues, shape: [Int], elementType: ElementType, weakType: Bool = false) {
        precondition(values.count == shape.reduce(1, *), "\(values.count) values for shape \(shape)")
        self.values = values
        self.shape = shape
        self.elementType = elementType
        self.isWeaklyTyped = weakType
    }

    /// NumPy's `str(array)`: `[[1. 2.]\n [3. 4.]]`; a 0-d array prints its
    /// element as a scalar (`1.0`, `True`).
    public var numpyString: String {
        if shape.isEmpty { return elementPrinter(shown: [0], style: .scalar)(0) }
        return arrayString(separator: " ", prefix: "", suffix: "")
    }

    /// JAX's `repr(array)`: `Array([1. , 2.5], dtype=float32)`,
    /// `Array(1., dtype=float32, weak_type=True)`, `Array([], shape=(0, 3), dtype=float32)`;
    /// arrays of 1 MiB or more show only their shape, as JAX does.
    public var jaxRepr: String {
        let prefix = "Array("
        let dtype = "dtype=\(elementType.name)" + (isWeaklyTyped ? ", weak_type=True" : "")
        let body: String
        if values.count == 0 {
            body = "[], shape=" + Self.pythonTuple(shape)
        } else if isLarge {
            body = "shape=" + Self.pythonTuple(shape)
        } else {
            body = arrayString(separator: ", ", prefix: prefix, suffix: ",")
        }
        let lastLineWidth = body.count - (body.lastIndex(of: "\n").map { body.distance(from: body.startIndex, to: $0) + 1 } ?? 0)
        // JAX measures the last line with two extra columns and pads with spaces when it is long.
        let gap = lastLineWidth + 2 + dtype.count + 2 > Self.lineWidth ? String(repeating: " ", count: prefix.count) : " "
        return prefix + body + "," + gap + dtype + ")"
    }

    /// JAX's `str(array)`: NumPy's `str` of the values, or the repr for arrays of 1 MiB or more.
    public var jaxString: String {
        isLarge ? jaxRepr : numpyString
    }

    /// NumPy's line width.
    private static let lineWidth = 75
    /// NumPy summarizes arrays with more elements than this.
    private static let summaryThreshold = 1000

    /// Whether JAX prints only the shape: 1 MiB or more of data.
    private var isLarge: Bool {
        values.count * elementType.byteCount >= 1 << 20
    }

    /// NumPy's `array2string` with default options.
    private func arrayString(separator: String, prefix: String, suffix: String) -> String {
        guard values.count > 0 else { return "[]" }
        let layout = ArrayLayout(shape: shape, isSummarized: values.count > Self.summaryThreshold)
        let element = elementPrinter(shown: layout.shownOffsets, style: shape.isEmpty ? .zeroDimensional : .inArray)
        return layout.text(separator: separator, indent: " " + String(repeating: " ", count: prefix.count),
                           lineWidth: Self.lineWidth - suffix.count, element: element)
    }

    private func elementPrinter(shown: [Int], style: ElementText.Style) -> (Int) -> String {
        ElementText.printer(for: values, elementType: elementType, shown: shown, style: style)
    }

    /// A shape as Python prints a tuple: `(0, 3)`, `(5,)`, `()`.
    private static func pythonTuple(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
}

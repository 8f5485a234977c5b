import XLAIR
import XLARuntime

/// The text `jax.debug.print` writes for values it receives on the host.
enum DebugPrintText {
    /// One line per example: with `batchDims` leading batch dimensions
    /// (from `vmap`), each example's slices of the arrays, the innermost
    /// `vmap`'s index varying slowest (JAX batches a print by looping over
    /// the batch, innermost transformation first).
    static func lines(_ format: DebugFormat, _ arrays: [HostArray], batchDims: Int) -> [String] {
        guard batchDims > 0, let first = arrays.first else { return [line(format, arrays.map(literal))] }
        let batchShape = Array(first.shape.prefix(batchDims))
        let count = batchShape.reduce(1, *)
        return (0..<count).map { counter in
            // The first batch dimension (the outermost vmap) varies fastest.
            var rest = counter, example = 0
            var position: [Int] = []
            for size in batchShape {
                position.append(rest % size)
                rest /= size
            }
            for (size, index) in zip(batchShape, position) { example = example * size + index }
            return line(format, arrays.map { slice($0, example: example, batchDims: batchDims) })
        }
    }

    /// The line for one set of values.
    static func line(_ format: DebugFormat, _ values: [Literal]) -> String {
        format.render { index, asString in
            guard values.indices.contains(index) else { return "<missing value \(index)>" }
            let array = ArrayFormat(values[index])
            return asString || !array.shape.isEmpty ? array.numpyString : array.pythonScalarString
        }
    }

    private static func literal(_ array: HostArray) -> Literal {
        Literal(type: TensorType(array.elementType, array.shape), bytes: array.bytes)
    }

    private static func slice(_ array: HostArray, example: Int, batchDims: Int) -> Literal {
        let shape = Array(array.shape.dropFirst(batchDims))
        let size = shape.reduce(1, *) * array.elementType.byteCount
        return Literal(type: TensorType(array.elementType, shape), bytes: Array(array.bytes[example * size ..< (example + 1) * size]))
    }
}

extension ArrayFormat {
    /// A 0-d array as Python's `format(array, "")` writes it: its element
    /// as a Python scalar (`True`, `7`, and a float as Python's `repr` of
    /// the double, `3.5015368461608887` for a float32 sum).
    var pythonScalarString: String {
        switch values {
        case let .bools(bools): bools[0] ? "True" : "False"
        case let .integers(integers): String(integers[0])
        case let .unsignedIntegers(integers): String(integers[0])
        case let .floats(floats): FloatText.scalar(floats[0])
        }
    }
}

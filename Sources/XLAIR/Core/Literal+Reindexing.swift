extension Literal {
    /// A literal of `type` whose element `i` is copied from the element
    /// `source(i)` names (a literal of the same element type and an index).
    static func gathering(into type: TensorType, _ source: (Int) -> (Literal, Int)) -> Literal {
        let width = type.elementType.byteCount
        var bytes = [UInt8]()
        bytes.reserveCapacity(type.byteCount)
        for index in 0..<type.elementCount {
            let (literal, position) = source(index)
            bytes.append(contentsOf: literal.bytes[position * width..<(position + 1) * width])
        }
        return Literal(type: type, bytes: bytes)
    }

    /// A literal of `type` whose element at each multi-index is this
    /// literal's element at the row-major index `source` gives.
    func reindexed(into type: TensorType, _ source: ([Int]) -> Int) -> Literal {
        Literal.gathering(into: type) { (self, source(Literal.multiIndex(of: $0, in: type.shape))) }
    }

    /// The multi-index of a row-major position.
    static func multiIndex(of position: Int, in shape: [Int]) -> [Int] {
        var index = [Int](repeating: 0, count: shape.count)
        var rest = position
        for dimension in shape.indices.reversed() where shape[dimension] > 0 {
            index[dimension] = rest % shape[dimension]
            rest /= shape[dimension]
        }
        return index
    }

    /// The row-major position of a multi-index.
    static func position(of index: [Int], in shape: [Int]) -> Int {
        zip(index, shape).reduce(0) { $0 * $1.1 + $1.0 }
    }
}

extension Literal {
    /// The elements as nested brackets following the shape, `[[1, 2], [3, 4]]`,
    /// each written by `element` (given a row-major index); a scalar is its
    /// element alone.
    func nestedList(_ element: (Int) -> String) -> String {
        var text = ""
        var index = 0
        func write(dimension: Int) {
            guard dimension < type.shape.count else {
                text += element(index)
                index += 1
                return
            }
            text += "["
            for position in 0..<type.shape[dimension] {
                if position > 0 { text += ", " }
                write(dimension: dimension + 1)
            }
            text += "]"
        }
        write(dimension: 0)
        return text
    }
}

extension Literal {
    /// The elements as 64-bit integers: signed types sign-extended,
    /// unsigned ones zero-extended (a `uint64` above `Int64.max` keeps its
    /// bits), `bool` as 0 or 1. Only for integer and bool literals.
    var integers: [Int64] {
        (0..<elementCount).map { index in
            switch scalar(at: index) {
            case let .int(value): value
            case let .uint(value): Int64(bitPattern: value)
            case let .bool(value): value ? 1 : 0
            case .float: preconditionFailure("integers of a float literal")
            }
        }
    }

    /// A literal from 64-bit integers, each wrapped to the element type's
    /// width (for `bool`, the lowest bit).
    init(type: TensorType, integers: [Int64]) {
        let mask: UInt64 = type.elementType == .bool ? 1 : ~0
        self.init(type: type, bitPatterns: integers.map { UInt64(bitPattern: $0) & mask })
    }
}

/// Folds an elementwise integer rule (given the operands' element type)
/// over constant operands of equal shape:
/// nil when there is no rule or the operands are floats (floats are never
/// folded; XLA's results are the reference).
func foldIntegers(_ operands: [Literal], into type: TensorType,
                  _ rule: (@Sendable ([Int64], _ operandType: ElementType) -> Int64)?) -> [Literal]? {
    guard let rule, let first = operands.first, !first.type.elementType.isFloatingPoint else { return nil }
    let columns = operands.map(\.integers)
    let values = (0..<type.elementCount).map { index in rule(columns.map { $0[index] }, first.type.elementType) }
    return [Literal(type: type, integers: values)]
}

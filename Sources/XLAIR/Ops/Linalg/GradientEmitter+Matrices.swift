// Matrix helpers for the reverse-mode rules of the linear-algebra ops:
// operands are batches of matrices `[..., rows, columns]`.

extension GradientEmitter {
    /// `value` with its last two dimensions swapped.
    func matrixTranspose(_ value: Value) throws -> Value {
        let rank = value.type.shape.count
        return try apply(.transpose, value, attributes: ["permutation": .ints(Array(0..<(rank - 2)) + [rank - 1, rank - 2])])
    }

    /// The matrix product of two batches of matrices with equal batch dimensions.
    func matmul(_ lhs: Value, _ rhs: Value) throws -> Value {
        let rank = lhs.type.shape.count
        let batch = Array(0..<(rank - 2))
        return try apply(.dotGeneral, lhs, rhs, attributes: [
            "lhs_batching_dimensions": .ints(batch), "rhs_batching_dimensions": .ints(batch),
            "lhs_contracting_dimensions": .ints([rank - 1]), "rhs_contracting_dimensions": .ints([rank - 2]),
        ])
    }

    /// `value` where `column - row` compares to `offset` as `direction`
    /// says (`LE` keeps a lower triangle, `GE` an upper one), zero elsewhere.
    func triangle(_ value: Value, _ direction: String, offset: Int) throws -> Value {
        let shape = value.type.shape
        let rank = shape.count
        let plane = [shape[rank - 2], shape[rank - 1]]
        let count = { (dimension: Int) in
            try self.apply(.iota, attributes: ["shape": .ints(plane), "dimension": .int(dimension),
                                               "element_type": .elementType(.int32)])
        }
        let difference = try sub(try count(1), try count(0))
        let bound = try constant(Double(offset), TensorType(.int32, plane))
        let mask = try broadcast(try compare(difference, direction, bound), to: shape, dimensions: [rank - 2, rank - 1])
        return try select(mask, value, try zeros(value.type))
    }

    /// The lower triangle of `value`, diagonal included.
    func lowerTriangle(_ value: Value) throws -> Value { try triangle(value, "LE", offset: 0) }

    /// The diagonal of `value`, zero elsewhere.
    func diagonal(_ value: Value) throws -> Value { try triangle(try lowerTriangle(value), "GE", offset: 0) }

    /// The `triangular_solve` of `a` and `b` with the given flags.
    func triangularSolve(_ a: Value, _ b: Value, leftSide: Bool, lower: Bool, transposeA: Bool,
                         unitDiagonal: Bool) throws -> Value {
        try apply(.triangularSolve, a, b, attributes: TriangularSolve.attributes(
            leftSide: leftSide, lower: lower, transposeA: transposeA, unitDiagonal: unitDiagonal))
    }
}

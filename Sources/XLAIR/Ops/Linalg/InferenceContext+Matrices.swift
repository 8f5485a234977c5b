// The shape rule shared by the linear-algebra ops.

extension InferenceContext {
    /// Checks that operand `index` is a batch of floating-point matrices
    /// (rank 2 or more) and returns its shape.
    func matrixShape(_ index: Int) throws -> [Int] {
        let type = operandTypes[index]
        guard type.elementType.isFloatingPoint else {
            throw invalid("operand \(index) must have a floating-point element type, not \(type.elementType)")
        }
        guard type.shape.count >= 2 else {
            throw invalid("operand \(index) must be a batch of matrices (rank 2 or more), not of shape \(type.shape)")
        }
        return type.shape
    }
}

// Shape operations written directly as StableHLO, for lowerings that build
// several operations from one instruction (the convolution's tap form).

extension StableHLOWriter {
    /// `operand` transposed by `permutation` (itself when that is the identity).
    mutating func transposed(_ operand: (name: String, type: TensorType), _ permutation: [Int])
        -> (name: String, type: TensorType) {
        guard permutation != Array(0..<permutation.count) else { return operand }
        let type = TensorType(operand.type.elementType, permutation.map { operand.type.shape[$0] })
        let name = temporary()
        operation("stablehlo.transpose", results: [name], operands: [operand], resultTypes: [type],
                  properties: ["permutation = \(StableHLOWriter.i64Array(permutation))"])
        return (name, type)
    }

    /// `operands` concatenated along `dimension` (the one operand itself).
    mutating func concatenated(_ operands: [(name: String, type: TensorType)], dimension: Int)
        -> (name: String, type: TensorType) {
        guard operands.count > 1 else { return operands[0] }
        var shape = operands[0].type.shape
        shape[dimension] = operands.map { $0.type.shape[dimension] }.reduce(0, +)
        let type = TensorType(operands[0].type.elementType, shape)
        let name = temporary()
        operation("stablehlo.concatenate", results: [name], operands: operands, resultTypes: [type],
                  properties: ["dimension = \(dimension) : i64"])
        return (name, type)
    }
}

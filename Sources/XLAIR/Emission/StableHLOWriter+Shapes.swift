// Shape operations written directly as StableHLO, for lowerings that build
// several operations from one instruction (the convolution's tap form and live outputs).

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

    /// `operand` padded with zeros: `low` and `high` elements at the ends of
    /// each dimension, `interior` between neighbours; written into `result`
    /// (a new temporary when nil).
    mutating func zeroPadded(_ operand: (name: String, type: TensorType), low: [Int], high: [Int], interior: [Int],
                             into result: String? = nil) -> (name: String, type: TensorType) {
        let shape = operand.type.shape.indices.map { index in
            let size = operand.type.shape[index]
            return low[index] + high[index] + size + Swift.max(size - 1, 0) * interior[index]
        }
        let scalar = TensorType(operand.type.elementType, [])
        let zero = constant(Literal.splat(.float(0), as: scalar))
        let type = TensorType(operand.type.elementType, shape)
        let name = result ?? temporary()
        operation("stablehlo.pad", results: [name], operands: [operand, (zero, scalar)], resultTypes: [type], properties: [
            "edge_padding_low = \(StableHLOWriter.i64Array(low))",
            "edge_padding_high = \(StableHLOWriter.i64Array(high))",
            "interior_padding = \(StableHLOWriter.i64Array(interior))",
        ])
        return (name, type)
    }

    /// The elements `starts..<limits` of `operand`, every `strides`-th.
    mutating func sliced(_ operand: (name: String, type: TensorType), starts: [Int], limits: [Int], strides: [Int])
        -> (name: String, type: TensorType) {
        let shape = starts.indices.map { Slice.count(from: starts[$0], to: limits[$0], stride: strides[$0]) }
        let type = TensorType(operand.type.elementType, shape)
        let name = temporary()
        operation("stablehlo.slice", results: [name], operands: [operand], resultTypes: [type], properties: [
            "start_indices = \(StableHLOWriter.i64Array(starts))",
            "limit_indices = \(StableHLOWriter.i64Array(limits))",
            "strides = \(StableHLOWriter.i64Array(strides))",
        ])
        return (name, type)
    }
}

extension StableHLOWriter {
    /// `operand` summed over `dimension` (a `stablehlo.reduce` from zero).
    ///
    /// - Throws: what writing the reduction's body throws.
    mutating func summed(_ operand: (name: String, type: TensorType), dimension: Int) throws
        -> (name: String, type: TensorType) {
        var shape = operand.type.shape
        shape.remove(at: dimension)
        let type = TensorType(operand.type.elementType, shape)
        let scalar = TensorType(operand.type.elementType, [])
        let zero = constant(Literal.splat(.int(0), as: scalar))
        let name = temporary()
        try operation("stablehlo.reduce", results: [name], operands: [operand, (zero, scalar)], resultTypes: [type],
                      properties: ["dimensions = \(StableHLOWriter.i64Array([dimension]))"],
                      regions: [Reduce.combinerRegion(.sum, scalar)])
        return (name, type)
    }
}

extension FunctionBuilder {
    /// Appends a `gather` of `operand` at `indices`.
    func gather(_ operand: Value, _ indices: Value, _ dims: GatherDimensions, location: String?) throws -> Value {
        try append(.gather, [operand, indices], attributes: dims.attributes, location: location)[0]
    }

    /// Appends a `scatter` of `updates` into `operand` at `indices`.
    func scatter(_ operand: Value, _ indices: Value, _ updates: Value, _ dims: ScatterDimensions,
                 location: String?) throws -> Value {
        try append(.scatter, [operand, indices, updates], attributes: dims.attributes, location: location)[0]
    }

    /// For each index vector of `indices` (the indices' batch shape), whether
    /// the block of `dims.sliceSizes` it starts fits inside `operandShape`
    /// without clamping: JAX's test for `fill`/`drop`.
    func blocksInBounds(_ indices: Value, operandShape: [Int], _ dims: GatherDimensions, location: String?) throws -> Value {
        let type = indices.type
        let rank = type.shape.count
        let upper = dims.startIndexMap.map { Int64(operandShape[$0] - dims.sliceSizes[$0]) }
        let scalar = { (value: Int64) in self.constant(Literal(type: TensorType(type.elementType, []), integers: [value]), location: location) }
        let broadcast = { (value: Value, dimensions: [Int]) in
            try self.apply(.broadcastInDim, value, attributes: [
                "shape": .ints(type.shape), "broadcast_dimensions": .ints(dimensions),
            ], location: location)
        }
        let bound = dims.indexVectorDim < rank
            ? try broadcast(constant(Literal(type: TensorType(type.elementType, [upper.count]), integers: upper), location: location),
                            [dims.indexVectorDim])
            : try broadcast(scalar(upper.first ?? 0), [])
        let low = try apply(.compare, indices, try broadcast(scalar(0), []), attributes: ["direction": .string("GE")], location: location)
        let high = try apply(.compare, indices, bound, attributes: ["direction": .string("LE")], location: location)
        let both = try apply(.and, low, high, location: location)
        guard dims.indexVectorDim < rank else { return both }
        return try apply(.reduce, both, attributes: ["dimensions": .ints([dims.indexVectorDim]), "kind": .string("and")],
                         location: location)
    }
}

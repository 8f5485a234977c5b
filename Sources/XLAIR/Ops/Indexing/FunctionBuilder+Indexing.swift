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
        let rank = indices.type.shape.count
        let bounds = try blockBounds(indices, operandShape: operandShape, sliceSizes: dims.sliceSizes, map: dims.startIndexMap,
                                     indexVectorDim: dims.indexVectorDim, location: location)
        let low = try apply(.compare, indices, bounds.low, attributes: ["direction": .string("GE")], location: location)
        let high = try apply(.compare, indices, bounds.high, attributes: ["direction": .string("LE")], location: location)
        let both = try apply(.and, low, high, location: location)
        guard dims.indexVectorDim < rank else { return both }
        return try apply(.reduce, both, attributes: ["dimensions": .ints([dims.indexVectorDim]), "kind": .string("and")],
                         location: location)
    }

    /// `indices` with each index vector (along `indexVectorDim`) clamped so
    /// the block of `sliceSizes` it starts along the operand dimensions
    /// `map` fits inside `operandShape` (`clip`, and how `dynamic_slice`
    /// clamps its starts).
    func clampedToBlocks(_ indices: Value, operandShape: [Int], sliceSizes: [Int], map: [Int], indexVectorDim: Int,
                         location: String?) throws -> Value {
        let bounds = try blockBounds(indices, operandShape: operandShape, sliceSizes: sliceSizes, map: map,
                                     indexVectorDim: indexVectorDim, location: location)
        return try apply(.clamp, bounds.low, indices, bounds.high, location: location)
    }

    /// Zeros and the largest starts (``IndexVectors/largestStarts(operandShape:sliceSizes:map:)``),
    /// each of the indices' type, the starts along `indexVectorDim`.
    private func blockBounds(_ indices: Value, operandShape: [Int], sliceSizes: [Int], map: [Int], indexVectorDim: Int,
                             location: String?) throws -> (low: Value, high: Value) {
        let type = indices.type
        let largest = IndexVectors.largestStarts(operandShape: operandShape, sliceSizes: sliceSizes, map: map).map(Int64.init)
        let broadcast = { (literal: Literal, dimensions: [Int]) in
            try self.apply(.broadcastInDim, self.constant(literal, location: location), attributes: [
                "shape": .ints(type.shape), "broadcast_dimensions": .ints(dimensions),
            ], location: location)
        }
        let scalar = TensorType(type.elementType, [])
        let high = indexVectorDim < type.shape.count
            ? try broadcast(Literal(type: TensorType(type.elementType, [largest.count]), integers: largest), [indexVectorDim])
            : try broadcast(Literal(type: scalar, integers: [largest.first ?? 0]), [])
        return (try broadcast(Literal(type: scalar, integers: [0]), []), high)
    }
}

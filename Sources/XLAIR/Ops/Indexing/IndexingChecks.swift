/// Checks shared by the shape rules of gather and scatter.
extension InferenceContext {
    /// Checks that `dimensions` are distinct, in `0..<rank` and sorted.
    func checkSortedDimensions(_ dimensions: [Int], rank: Int, attribute: String) throws {
        try checkDimensions(dimensions, rank: rank, attribute: attribute)
        guard dimensions == dimensions.sorted() else { throw invalidAttribute(attribute, "\(dimensions) is not sorted") }
    }

    /// Checks that two operand dimension lists share no dimension.
    func checkDisjoint(_ first: [Int], _ firstName: String, _ second: [Int], _ secondName: String) throws {
        if let shared = first.first(where: second.contains) {
            throw invalidAttribute(firstName, "dimension \(shared) is also in \(secondName)")
        }
    }

    /// Checks the integer indices and their index vector dimension; returns
    /// the size of each index vector.
    func checkIndices(_ indices: TensorType, indexVectorDim: Int) throws -> Int {
        guard indices.elementType.isInteger else {
            throw invalid("indices must be integers, not \(indices.elementType)")
        }
        guard (0...indices.shape.count).contains(indexVectorDim) else {
            throw invalidAttribute("index_vector_dim", "\(indexVectorDim) is out of range for indices of rank \(indices.shape.count)")
        }
        return IndexVectors.vectorSize(indices.shape, indexVectorDim: indexVectorDim)
    }

    /// Checks the index-vector map (`map`, one operand dimension per
    /// component, none of them a batching dimension) and the batching
    /// dimension pairs of operand and indices.
    func checkIndexing(operand: TensorType, indices: TensorType, vectorSize: Int, indexVectorDim: Int,
                       map: (name: String, dims: [Int]), operandBatching: (name: String, dims: [Int]),
                       indicesBatching: (name: String, dims: [Int])) throws {
        guard map.dims.count == vectorSize else {
            throw invalidAttribute(map.name, "it has \(map.dims.count) entries for index vectors of size \(vectorSize)")
        }
        try checkDimensions(map.dims, rank: operand.shape.count, attribute: map.name)
        try checkDisjoint(map.dims, map.name, operandBatching.dims, operandBatching.name)
        try checkDimensions(indicesBatching.dims, rank: indices.shape.count, attribute: indicesBatching.name)
        guard !indicesBatching.dims.contains(indexVectorDim) else {
            throw invalidAttribute(indicesBatching.name, "it contains the index vector dimension \(indexVectorDim)")
        }
        guard indicesBatching.dims.count == operandBatching.dims.count else {
            throw invalidAttribute(indicesBatching.name, "it needs one entry per dimension of \(operandBatching.name)")
        }
        for (operandDim, indicesDim) in zip(operandBatching.dims, indicesBatching.dims)
        where operand.shape[operandDim] != indices.shape[indicesDim] {
            throw invalid("operand batching dimension \(operandDim) has size \(operand.shape[operandDim]) but indices "
                          + "dimension \(indicesDim) has size \(indices.shape[indicesDim])")
        }
    }
}

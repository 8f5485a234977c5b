/// `scatter(operand, indices, updates)`: the operand with windows of
/// `updates` combined in at run-time indices, in StableHLO's general form
/// (see ``ScatterDimensions``); `kind` picks the combiner (`set`, `add`,
/// `mul`, `min`, `max`), emitted as the update region.
///
/// A window that does not fit inside the operand is skipped (XLA's
/// semantics, JAX's `drop` mode); the tensor layer builds JAX's `clip` mode
/// on top. Where windows overlap, `set` keeps one of them (XLA's choice).
public struct Scatter: ConfiguredOp {
    /// `scatter`.
    public let name = "scatter"

    /// The attributes: the dimension numbers and the combiner.
    public typealias Configuration = ScatterDimensions

    /// The dimension numbers and `kind`; batching lists and flags are optional.
    public var attributeSchema: [AttributeSpec] {
        [AttributeSpec("update_window_dims", .ints), AttributeSpec("inserted_window_dims", .ints),
         AttributeSpec("input_batching_dims", .ints, required: false),
         AttributeSpec("scatter_indices_batching_dims", .ints, required: false),
         AttributeSpec("scatter_dims_to_operand_dims", .ints), AttributeSpec("index_vector_dim", .int),
         AttributeSpec("indices_are_sorted", .bool, required: false),
         AttributeSpec("unique_indices", .bool, required: false),
         AttributeSpec("kind", .string, allowedValues: ScatterKind.allCases.map(\.rawValue))]
    }

    /// The operand's type, once the updates fit the indices and the operand.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        try context.expectOperands(3)
        let (operand, indices, updates) = (context.operandTypes[0], context.operandTypes[1], context.operandTypes[2])
        let dims = try configuration(of: context)
        let rank = operand.shape.count
        guard updates.elementType == operand.elementType else {
            throw context.invalid("the updates must have the operand's element type")
        }
        if dims.kind == .add || dims.kind == .mul, operand.elementType == .bool {
            throw context.invalid("\(dims.kind.rawValue) needs numeric elements, not bool")
        }
        let vectorSize = try context.checkIndices(indices, indexVectorDim: dims.indexVectorDim)
        try context.checkSortedDimensions(dims.insertedWindowDims, rank: rank, attribute: "inserted_window_dims")
        try context.checkSortedDimensions(dims.inputBatchingDims, rank: rank, attribute: "input_batching_dims")
        try context.checkDisjoint(dims.insertedWindowDims, "inserted_window_dims", dims.inputBatchingDims, "input_batching_dims")
        try context.checkIndexing(operand: operand, indices: indices, vectorSize: vectorSize,
                                  indexVectorDim: dims.indexVectorDim,
                                  map: ("scatter_dims_to_operand_dims", dims.scatterDimsToOperandDims),
                                  operandBatching: ("input_batching_dims", dims.inputBatchingDims),
                                  indicesBatching: ("scatter_indices_batching_dims", dims.scatterIndicesBatchingDims))
        let batch = IndexVectors.batchDimensions(rank: indices.shape.count, indexVectorDim: dims.indexVectorDim)
            .map { indices.shape[$0] }
        guard updates.shape.count == batch.count + dims.updateWindowDims.count else {
            throw context.invalid("the updates need \(batch.count) scatter dimensions and \(dims.updateWindowDims.count) window dimensions")
        }
        try context.checkSortedDimensions(dims.updateWindowDims, rank: updates.shape.count, attribute: "update_window_dims")
        let windowed = (0..<rank).filter { !dims.insertedWindowDims.contains($0) && !dims.inputBatchingDims.contains($0) }
        guard windowed.count == dims.updateWindowDims.count else {
            throw context.invalidAttribute("update_window_dims", "it has \(dims.updateWindowDims.count) entries for "
                                           + "\(windowed.count) operand dimensions that are neither inserted nor batching")
        }
        let scatterSizes = updates.shape.indices.filter { !dims.updateWindowDims.contains($0) }.map { updates.shape[$0] }
        guard scatterSizes == batch else {
            throw context.invalid("the updates' scatter dimensions \(scatterSizes) must match the indices' batch dimensions \(batch)")
        }
        for (window, operandDim) in zip(dims.updateWindowDims, windowed) where updates.shape[window] > operand.shape[operandDim] {
            throw context.invalid("update window dimension \(window) (size \(updates.shape[window])) is larger than "
                                  + "operand dimension \(operandDim) (size \(operand.shape[operandDim]))")
        }
        return [operand]
    }

    /// `stablehlo.scatter` with `#stablehlo.scatter` dimension numbers and
    /// a region applying the combiner.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) throws {
        let dims = try configuration(of: instruction)
        let fields = [
            StableHLOWriter.dimensionField("update_window_dims", dims.updateWindowDims),
            StableHLOWriter.dimensionField("inserted_window_dims", dims.insertedWindowDims),
            StableHLOWriter.dimensionField("input_batching_dims", dims.inputBatchingDims),
            StableHLOWriter.dimensionField("scatter_indices_batching_dims", dims.scatterIndicesBatchingDims),
            StableHLOWriter.dimensionField("scatter_dims_to_operand_dims", dims.scatterDimsToOperandDims),
            "index_vector_dim = \(dims.indexVectorDim)",
        ].compactMap { $0 }
        let scalar = TensorType(instruction.resultTypes[0].elementType, [])
        try writer.operation("stablehlo.scatter", results: instruction.results.map(writer.name),
                             operands: writer.operands(instruction), resultTypes: instruction.resultTypes,
                             properties: [
                                 "indices_are_sorted = \(dims.indicesAreSorted)",
                                 "scatter_dimension_numbers = #stablehlo.scatter<\(fields.joined(separator: ", "))>",
                                 "unique_indices = \(dims.uniqueIndices)",
                             ],
                             regions: [{ body in
                                 let (current, update) = (body.temporary(), body.temporary())
                                 body.blockArguments([(current, scalar), (update, scalar)])
                                 guard let combiner = dims.kind.combiner else {
                                     body.returnValues([(update, scalar)])
                                     return
                                 }
                                 let combined = body.temporary()
                                 body.operation(combiner, results: [combined], operands: [(current, scalar), (update, scalar)],
                                                resultTypes: [scalar])
                                 body.returnValues([(combined, scalar)])
                             }])
    }
}

extension Op {
    /// Combining windows in at run-time indices; see ``Scatter``.
    public static let scatter = Op(Scatter())
}

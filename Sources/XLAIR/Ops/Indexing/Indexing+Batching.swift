extension Gather {
    /// The batch dimension moved to the front of whichever operands have
    /// it; the result is batched at 0:
    /// - operand only: the batch is one more kept slice dimension (offset 0);
    /// - indices only: one more batch dimension of the indices;
    /// - both: a pair of batching dimensions (`operand_batching_dims` /
    ///   `start_indices_batching_dims`), as JAX's rule.
    public var batching: Batching {
        .rule { e in
            var dims = try configuration(e.attributes, at: e.location)
            let (operandBatched, indicesBatched) = (e.operands[0].batchDimension != nil, e.operands[1].batchDimension != nil)
            let operand = operandBatched ? try e.leading(0) : e.operands[0].value
            let indices = indicesBatched ? try e.leading(1) : e.operands[1].value
            dims.offsetDims = e.shifted(dims.offsetDims)
            if indicesBatched {
                dims.indexVectorDim += 1
                dims.startIndicesBatchingDims = e.shifted(dims.startIndicesBatchingDims)
            }
            if operandBatched {
                dims.collapsedSliceDims = e.shifted(dims.collapsedSliceDims)
                dims.operandBatchingDims = e.shifted(dims.operandBatchingDims)
                dims.startIndexMap = e.shifted(dims.startIndexMap)
                if indicesBatched {
                    dims.operandBatchingDims.insert(0, at: 0)
                    dims.startIndicesBatchingDims.insert(0, at: 0)
                    dims.sliceSizes.insert(1, at: 0)
                } else {
                    dims.offsetDims.insert(0, at: 0)
                    dims.sliceSizes.insert(e.axisSize, at: 0)
                }
            }
            return [(try e.builder.gather(operand, indices, dims, location: e.location), 0)]
        }
    }
}

extension Scatter {
    /// The operand and updates batched at the front (broadcast when
    /// unbatched); the result is batched at 0. Shared indices: the batch is
    /// one more window dimension. Batched indices: a pair of batching
    /// dimensions (`input_batching_dims` / `scatter_indices_batching_dims`).
    /// An unbatched operand is broadcast even when only the indices or
    /// updates are batched: each example writes into its own copy, and a
    /// scatter's result has its operand's shape (as JAX's rule).
    public var batching: Batching {
        .rule { e in
            var dims = try configuration(e.attributes, at: e.location)
            let indicesBatched = e.operands[1].batchDimension != nil
            let (operand, updates) = (try e.leading(0), try e.leading(2))
            dims.updateWindowDims = e.shifted(dims.updateWindowDims)
            dims.insertedWindowDims = e.shifted(dims.insertedWindowDims)
            dims.inputBatchingDims = e.shifted(dims.inputBatchingDims)
            dims.scatterDimsToOperandDims = e.shifted(dims.scatterDimsToOperandDims)
            let indices: Value
            if indicesBatched {
                indices = try e.leading(1)
                dims.indexVectorDim += 1
                dims.inputBatchingDims.insert(0, at: 0)
                dims.scatterIndicesBatchingDims = [0] + e.shifted(dims.scatterIndicesBatchingDims)
            } else {
                indices = e.operands[1].value
                dims.updateWindowDims.insert(0, at: 0)
            }
            return [(try e.builder.scatter(operand, indices, updates, dims, location: e.location), 0)]
        }
    }
}

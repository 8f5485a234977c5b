import XLAIR

/// Elements of `x` at integer `indices` along `axis` (`jnp.take`): the
/// result has `x`'s axes before `axis`, then `indices`' axes, then the rest.
/// With `axis` nil, `x` is flattened first.
///
/// Modes as JAX's: `.fill` (default) counts negative positions from the
/// end and fills positions still out of range with `fillValue` (NaN for
/// floats, the lowest signed / largest unsigned integer); `.clip` clamps
/// the positions as given (a negative position becomes 0, as in JAX);
/// `.promiseInBounds` counts negatives from the end and lets XLA clamp.
public func take(_ x: Tensor, _ indices: Tensor, axis: Int? = nil, mode: GatherScatterMode = .fill,
                 fillValue: Double? = nil, file: String = #fileID, line: Int = #line) -> Tensor {
    let place = location(file, line)
    let source = axis == nil ? x.reshaped([x.size]) : x
    guard let axis = Tensor.normalize(axis: axis ?? 0, rank: source.rank) else {
        return .invalid("take", [x, indices], "axis \(axis ?? 0) is out of range for rank \(x.rank)", location: place, result: x.type)
    }
    let shape = source.shape
    let resultShape = Array(shape[..<axis]) + indices.shape + Array(shape[(axis + 1)...])
    guard indices.dtype.isInteger else {
        return .invalid("take", [x, indices], "indices must be integers, not \(indices.dtype)", location: place,
                        result: TensorType(x.dtype, resultShape))
    }
    let positions = mode == .clip ? indices : indices.positionsFromEnd(size: shape[axis])
    let dims = GatherDimensions(offsetDims: Array(0..<axis) + Array((axis + indices.rank)..<resultShape.count),
                                collapsedSliceDims: [axis], startIndexMap: [axis], indexVectorDim: indices.rank,
                                sliceSizes: shape.indices.map { $0 == axis ? 1 : shape[$0] })
    return source.gathered(positions.expandingDimensions(axis: -1), dims, resultShape: resultShape, mode: mode,
                           fillValue: fillValue, location: place)
}

/// Elements of `x` picked along `axis` by `indices` of the same rank
/// (`jnp.take_along_axis`): `result[..., i, ...] = x[..., indices[..., i, ...], ...]`.
/// The other axes broadcast between `x` and `indices`. Negative positions
/// count from the end in every mode (unlike `take`'s `.clip`, as in JAX);
/// `mode` and `fillValue` otherwise as ``take(_:_:axis:mode:fillValue:file:line:)``
/// (default `.fill`).
public func takeAlongAxis(_ x: Tensor, _ indices: Tensor, axis: Int, mode: GatherScatterMode = .fill,
                          fillValue: Double? = nil, file: String = #fileID, line: Int = #line) -> Tensor {
    let place = location(file, line)
    guard let axis = Tensor.normalize(axis: axis, rank: x.rank), indices.rank == x.rank, indices.dtype.isInteger else {
        let reason = !indices.dtype.isInteger ? "indices must be integers, not \(indices.dtype)"
            : indices.rank != x.rank ? "indices of rank \(indices.rank) need the rank of x (\(x.rank))"
            : "axis \(axis) is out of range for rank \(x.rank)"
        return .invalid("take_along_axis", [x, indices], reason, location: place, result: TensorType(x.dtype, indices.shape))
    }
    var xShape = x.shape, indexShape = indices.shape
    (xShape[axis], indexShape[axis]) = (1, 1)
    guard let common = broadcastShapes(xShape, indexShape) else {
        return .invalid("take_along_axis", [x, indices], "shapes \(x.shape) and \(indices.shape) do not broadcast outside axis \(axis)",
                        location: place, result: TensorType(x.dtype, indices.shape))
    }
    let broadcastTo = { (shape: [Int], size: Int) -> [Int] in shape.indices.map { $0 == axis ? size : common[$0] } }
    let resultShape = broadcastTo(indices.shape, indices.shape[axis])
    let others = Array(x.shape.indices.filter { $0 != axis })
    let positions = indices.positionsFromEnd(size: x.shape[axis]).broadcast(to: resultShape)
    let dims = GatherDimensions(offsetDims: [], collapsedSliceDims: [axis], operandBatchingDims: others,
                                startIndicesBatchingDims: others, startIndexMap: [axis], indexVectorDim: x.rank,
                                sliceSizes: Array(repeating: 1, count: x.rank))
    return x.broadcast(to: broadcastTo(x.shape, x.shape[axis])).gathered(
        positions.expandingDimensions(axis: -1), dims, resultShape: resultShape, mode: mode, fillValue: fillValue, location: place)
}

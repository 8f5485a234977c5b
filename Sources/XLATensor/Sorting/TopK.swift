import XLAIR

/// The `k` largest elements along `axis` (the last by default) and their
/// indices (`lax.top_k`), largest first; equal elements come lower index
/// first.
///
/// Floats order as `chlo.top_k` does, by IEEE total order: a positive NaN is
/// the largest value and a negative NaN the smallest, and `0.0` ranks above
/// `-0.0`. Lowered as a stable descending sort of the values with their
/// positions, cut to `k`; the values' gradient flows to the chosen
/// positions.
///
/// ```swift
/// let (values, indices) = topK(Tensor([9.0, 3, 6, 4, 10]), k: 3)
/// // values [10, 9, 6], indices [4, 0, 2]
/// ```
public func topK(_ x: Tensor, k: Int, axis: Int = -1,
                 file: String = #fileID, line: Int = #line) -> (values: Tensor, indices: Tensor) {
    let place = location(file, line)
    let normalized = Tensor.normalize(axis: axis, rank: x.rank)
    guard let dimension = normalized, (0...x.shape[dimension]).contains(k) else {
        let reason = normalized.map { "k = \(k) is not between 0 and \(x.shape[$0])" } ?? outOfRange(axis: axis, x)
        var shape = x.shape
        if let normalized { shape[normalized] = Swift.max(0, k) }
        return (.invalid("topK", [x], reason, location: place, result: TensorType(x.dtype, shape)),
                .invalid("topK", [x], reason, location: place, result: TensorType(.int32, shape)))
    }
    let sorted = sortTogether([x, iotaPositions(x.shape, axis: dimension)], axis: dimension, descending: true,
                              floatOrder: .total, location: place)
    var limits = x.shape
    limits[dimension] = k
    let (starts, strides) = (Array(repeating: 0, count: x.rank), Array(repeating: 1, count: x.rank))
    return (sorted[0].sliced(starts: starts, limits: limits, strides: strides, location: place).weak(x.isWeak),
            sorted[1].sliced(starts: starts, limits: limits, strides: strides, location: place))
}

import XLAIR

extension Tensor {
    /// Elements `start..<limit`, every `step`-th, along `axis` (a valid
    /// axis; `0 <= start <= limit <= shape[axis]`, `step >= 1`); the other
    /// axes whole.
    func sliced(along axis: Int, from start: Int, to limit: Int, step: Int = 1) -> Tensor {
        var (starts, limits, strides) = (shape.map { _ in 0 }, shape, shape.map { _ in 1 })
        (starts[axis], limits[axis], strides[axis]) = (start, limit, step)
        return sliced(starts: starts, limits: limits, strides: strides, location: nil)
    }

    /// Zeros added along `axis` (a valid axis): `low` before the first
    /// element, `high` after the last and `interior` between neighbours
    /// (all non-negative).
    func padded(along axis: Int, low: Int, high: Int, interior: Int) -> Tensor {
        var (lows, highs, interiors) = (shape.map { _ in 0 }, shape.map { _ in 0 }, shape.map { _ in 0 })
        (lows[axis], highs[axis], interiors[axis]) = (low, high, interior)
        var result = shape
        result[axis] = low + high + shape[axis] + Swift.max(0, shape[axis] - 1) * interior
        return Tensor.apply(.pad, [self, Tensor.zeros([], dtype: dtype)], attributes: [
            "edge_padding_low": .ints(lows), "edge_padding_high": .ints(highs), "interior_padding": .ints(interiors),
        ], fallback: TensorType(dtype, result)).weak(isWeak)
    }
}

import XLAIR

/// The inclusive prefix scan of `elements` along `axis` with an associative
/// `combine` (`lax.associative_scan`): element `i` is
/// `combine(...combine(e[0], e[1])..., e[i])`, computed by JAX's
/// parallel-prefix recursion (pairs combined, the half-size scan, the even
/// elements filled in), so the order of operations, and therefore rounding
/// and the way `maximum` splits ties in a gradient, is JAX's.
///
/// ```swift
/// associativeScan(+, Tensor([1, 2, 3, 4]))  // [1, 3, 6, 10]
/// ```
///
/// - Parameter reverse: scan from the end (`lax.associative_scan`'s `reverse`).
public func associativeScan(_ combine: (Tensor, Tensor) -> Tensor, _ elements: Tensor, reverse: Bool = false,
                            axis: Int = 0, file: String = #fileID, line: Int = #line) -> Tensor {
    guard let axis = Tensor.normalize(axis: axis, rank: elements.rank) else {
        return .invalid("associativeScan", [elements], "axis \(axis) is out of range for shape \(elements.shape)",
                        location: location(file, line), result: elements.type)
    }
    guard reverse else { return prefixScan(combine, elements, axis: axis) }
    return prefixScan(combine, elements.reversed(axes: [axis]), axis: axis).reversed(axes: [axis])
}

/// One level of the recursion in `associativeScan`.
private func prefixScan(_ combine: (Tensor, Tensor) -> Tensor, _ x: Tensor, axis: Int) -> Tensor {
    let count = x.shape[axis]
    guard count >= 2 else { return x }
    let odd = prefixScan(combine, combine(x.strided(axis, 0, count - 1, step: 2), x.strided(axis, 1, count, step: 2)),
                         axis: axis)
    let rest = x.strided(axis, 2, count, step: 2)
    let even = combine(count % 2 == 0 ? odd.strided(axis, 0, odd.shape[axis] - 1) : odd, rest)
    return interleave(concatenate([x.strided(axis, 0, 1), even], axis: axis), odd, axis: axis)
}

/// `a[0], b[0], a[1], b[1], ...` along `axis`, where `a` has as many
/// elements as `b` or one more: both padded with zeros into each other's
/// gaps and added (or-ed for `bool`), as JAX does.
private func interleave(_ a: Tensor, _ b: Tensor, axis: Int) -> Tensor {
    let same = a.shape[axis] == b.shape[axis]
    let spread = { (x: Tensor, low: Int, high: Int) in
        x.padded(axis, low: low, high: high, interior: 1)
    }
    let (left, right) = (spread(a, 0, same ? 1 : 0), spread(b, 1, same ? 0 : 1))
    return a.dtype == .bool ? (left | right) : left + right
}

extension Tensor {
    /// Elements `start..<limit`, every `step`-th, along `axis`.
    func strided(_ axis: Int, _ start: Int, _ limit: Int, step: Int = 1) -> Tensor {
        var (starts, limits, strides) = (shape.map { _ in 0 }, shape, shape.map { _ in 1 })
        (starts[axis], limits[axis], strides[axis]) = (start, limit, step)
        var result = shape
        result[axis] = Swift.max(0, (limit - start + step - 1) / step)
        return Tensor.apply(.slice, [self], attributes: [
            "start_indices": .ints(starts), "limit_indices": .ints(limits), "strides": .ints(strides),
        ], fallback: TensorType(dtype, result)).weak(isWeak)
    }

    /// Zeros added along `axis`: `low` before, `high` after, `interior`
    /// between elements.
    func padded(_ axis: Int, low: Int, high: Int, interior: Int) -> Tensor {
        var (lows, highs, interiors) = (shape.map { _ in 0 }, shape.map { _ in 0 }, shape.map { _ in 0 })
        (lows[axis], highs[axis], interiors[axis]) = (low, high, interior)
        var result = shape
        result[axis] = low + high + shape[axis] + Swift.max(0, shape[axis] - 1) * interior
        return Tensor.apply(.pad, [self, Tensor.zeros([], dtype: dtype)], attributes: [
            "edge_padding_low": .ints(lows), "edge_padding_high": .ints(highs), "interior_padding": .ints(interiors),
        ], fallback: TensorType(dtype, result)).weak(isWeak)
    }
}

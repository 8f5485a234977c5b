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
    let pairs = combine(x.sliced(along: axis, from: 0, to: count - 1, step: 2),
                        x.sliced(along: axis, from: 1, to: count, step: 2))
    let odd = prefixScan(combine, pairs, axis: axis)
    let rest = x.sliced(along: axis, from: 2, to: count, step: 2)
    let even = combine(count % 2 == 0 ? odd.sliced(along: axis, from: 0, to: odd.shape[axis] - 1) : odd, rest)
    return interleave(concatenate([x.sliced(along: axis, from: 0, to: 1), even], axis: axis), odd, axis: axis)
}

/// `a[0], b[0], a[1], b[1], ...` along `axis`, where `a` has as many
/// elements as `b` or one more: both padded with zeros into each other's
/// gaps and added (or-ed for `bool`), as JAX does.
private func interleave(_ a: Tensor, _ b: Tensor, axis: Int) -> Tensor {
    let same = a.shape[axis] == b.shape[axis]
    let spread = { (x: Tensor, low: Int, high: Int) in
        x.padded(along: axis, low: low, high: high, interior: 1)
    }
    let (left, right) = (spread(a, 0, same ? 1 : 0), spread(b, 1, same ? 0 : 1))
    return a.dtype == .bool ? (left | right) : left + right
}

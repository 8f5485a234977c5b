import XLAIR

/// `x` sorted along `axis` (`jnp.sort`); `descending` reverses the
/// ascending order, as JAX does.
///
/// Floats sort as in JAX: `-0.0` and `0.0` are equal (they keep their
/// order), and NaNs of either sign are equal and come last.
///
/// ```swift
/// sort(Tensor([3.0, .nan, -1, 2]))                    // [-1, 2, 3, nan]
/// sort(Tensor([[3, 1], [2, 4]]), axis: 0)             // [[2, 1], [3, 4]]
/// ```
public func sort(_ x: Tensor, axis: Int = -1, descending: Bool = false,
                 file: String = #fileID, line: Int = #line) -> Tensor {
    let place = location(file, line)
    guard let dimension = Tensor.normalize(axis: axis, rank: x.rank) else {
        return .invalid("sort", [x], outOfRange(axis: axis, x), location: place, result: x.type)
    }
    let sorted = sortTogether([x], axis: dimension, floatOrder: .canonical, location: place)[0]
    return (descending ? sorted.reversed(axes: [dimension]) : sorted).weak(x.isWeak)
}

/// The indices that sort `x` along `axis` (`jnp.argsort`), `int32` (or
/// `int64` with 64-bit types on).
///
/// Ascending ties keep their order. Descending with `stable` (the default,
/// as in JAX) keeps equal elements in their original order too; without it
/// the indices are the reversed ascending ones, so ties come last-first
/// (what JAX's unstable descending argsort gives on XLA CPU).
///
/// ```swift
/// argsort(Tensor([3, 1, 2, 1]))                       // [1, 3, 2, 0]
/// argsort(Tensor([3, 1, 2, 1]), descending: true)     // [0, 2, 1, 3]
/// ```
public func argsort(_ x: Tensor, axis: Int = -1, descending: Bool = false, stable: Bool = true,
                    file: String = #fileID, line: Int = #line) -> Tensor {
    let place = location(file, line)
    let index = TypePromotion.canonical(.int64, x64: Configuration.x64)
    guard let dimension = Tensor.normalize(axis: axis, rank: x.rank) else {
        return .invalid("argsort", [x], outOfRange(axis: axis, x), location: place, result: TensorType(index, x.shape))
    }
    var (keys, counter) = (x, iotaPositions(x.shape, axis: dimension, dtype: index))
    let reversing = descending && stable
    if reversing { (keys, counter) = (keys.reversed(axes: [dimension]), counter.reversed(axes: [dimension])) }
    let indices = sortTogether([keys, counter], axis: dimension, floatOrder: .canonical, location: place)[1]
    return descending ? indices.reversed(axes: [dimension]) : indices
}

/// `first` and `others` (all of one shape) sorted together along `axis`
/// by the first `numKeys` of them, lexicographically; the rest are carried
/// along (`lax.sort`; `lax.sort_key_val(keys, values)` is
/// `sort(keys, [values])`). Stable; floats order as in
/// ``sort(_:axis:descending:file:line:)``. The results come in the
/// operands' order; taking the first operand apart means there is always
/// one to sort and to carry an error.
///
/// ```swift
/// let (keys, values) = (Tensor([2, 1, 2]), Tensor([0.5, 1, 2]))
/// sort(keys, [values], axis: 0)                        // [[1, 2, 2], [1, 0.5, 2]]
/// ```
public func sort(_ first: Tensor, _ others: [Tensor], axis: Int = -1, numKeys: Int = 1,
                 file: String = #fileID, line: Int = #line) -> [Tensor] {
    let place = location(file, line)
    let operands = [first] + others
    let normalized = Tensor.normalize(axis: axis, rank: first.rank)
    let reason: String? = if let other = others.first(where: { $0.shape != first.shape }) {
        "every operand must have the shape \(first.shape), got \(other.shape)"
    } else if !(1...operands.count).contains(numKeys) {
        "numKeys \(numKeys) is not between 1 and the \(operands.count) operands"
    } else {
        nil
    }
    guard let dimension = normalized, reason == nil else {
        let reason = reason ?? outOfRange(axis: axis, first)
        return operands.map { .invalid("sort", operands, reason, location: place, result: $0.type) }
    }
    return zip(sortTogether(operands, axis: dimension, numKeys: numKeys, floatOrder: .canonical, location: place), operands)
        .map { $0.weak($1.isWeak) }
}

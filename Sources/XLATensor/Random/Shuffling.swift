import Glibc
import XLAIR

/// A random permutation of `0..<count` (int32, int64 with x64 on), as
/// `jax.random.permutation(key, count)`.
///
/// ```swift
/// let order = permutation(key, 10)
/// ```
///
/// Like JAX, it sorts by random 32-bit keys, in as many rounds (each with a
/// fresh split of the key) as make collisions negligible: one round up to
/// 1,625 elements, none for one element.
public func permutation(_ key: PRNGKey, _ count: Int, file: String = #fileID, line: Int = #line) -> Tensor {
    let place = location(file, line)
    let index = TypePromotion.canonical(.int64, x64: Configuration.x64)
    guard count >= 0 else {
        return Tensor.invalid("permutation", [key.data], "the count \(count) is negative", location: place,
                              result: TensorType(index, [0]))
    }
    if let invalid = Random.check("permutation", key, [count], result: index, location: place) { return invalid }
    return EagerProgram.run("permutation-range", static: "\(count)", key) { key in
        shuffle(key, Random.range(count, index), axis: 0, independent: true)
    }
}

/// `x` shuffled along `axis`, as `jax.random.permutation(key, x, axis,
/// independent)`: the same permutation of every slice along `axis`, or
/// with `independent`, each one-dimensional lane along `axis` shuffled on
/// its own.
///
/// ```swift
/// let rows = permutation(key, batch)                // shuffles the rows
/// ```
public func permutation(_ key: PRNGKey, _ x: Tensor, axis: Int = 0, independent: Bool = false,
                        file: String = #fileID, line: Int = #line) -> Tensor {
    let place = location(file, line)
    guard let axis = Tensor.normalize(axis: axis, rank: x.rank) else {
        let reason = x.rank == 0 ? "x must have at least one dimension (or pass an Int count)" : "axis \(axis) is out of range"
        return Tensor.invalid("permutation", [x], reason, location: place, result: x.type)
    }
    if let invalid = Random.check("permutation", key, x.shape, result: x.dtype, location: place) { return invalid }
    return EagerProgram.run("permutation", static: "\(axis)\(independent)", key, x) { key, x in
        shuffle(key, x, axis: axis, independent: independent || x.rank == 1)
    }
}

/// JAX's `_shuffle`: rounds of a stable sort by fresh random 32-bit keys.
/// Without `independent`, one key per position along `axis` is shared by
/// all lanes, which equals shuffling the indices and taking them.
func shuffle(_ key: PRNGKey, _ x: Tensor, axis: Int, independent: Bool) -> Tensor {
    let keyShape = independent ? x.shape : [x.shape[axis]]
    let count = keyShape.reduce(1, *)
    let rounds = Int((3 * log(Double(Swift.max(1, count))) / log(Double(UInt32.max))).rounded(.up))
    var (key, x) = (key, x)
    for _ in 0..<rounds {
        let keys = splitKeys(key, [2])
        key = keys[0]
        var sortKeys = drawBits(keys[1], 32, keyShape)
        if !independent {
            sortKeys = sortKeys.reshaped(x.shape.indices.map { $0 == axis ? count : 1 }).broadcast(to: x.shape)
        }
        x = sortTogether([sortKeys, x], axis: axis)[1]
    }
    return x
}

/// Random samples from `0..<count`, as `jax.random.choice(key, count,
/// shape, replace, p)`: int32 (int64 with x64 on).
///
/// ```swift
/// let picks = choice(key, 10, shape: [3], replace: false)
/// ```
///
/// - Parameters:
///   - shape: the result's shape.
///   - replace: whether a value may be drawn more than once.
///   - p: the probability of each value (length `count`), uniform when nil.
public func choice(_ key: PRNGKey, _ count: Int, shape: [Int] = [], replace: Bool = true, p: Tensor? = nil,
                   file: String = #fileID, line: Int = #line) -> Tensor {
    let index = TypePromotion.canonical(.int64, x64: Configuration.x64)
    return sample(key, .range(count), shape: shape, replace: replace, p: p, axis: 0, place: location(file, line),
                  result: TensorType(index, shape))
}

/// Random samples of the slices of `a` along `axis`, as
/// `jax.random.choice(key, a, shape, replace, p, axis)`: the result has
/// `a.shape` with `axis` replaced by `shape`.
///
/// ```swift
/// let batch = choice(key, data, shape: [32], replace: false)
/// ```
///
/// - Parameters:
///   - shape: the shape of the samples.
///   - replace: whether a slice may be drawn more than once.
///   - p: the probability of each slice (length `a.shape[axis]`), uniform
///     when nil.
///   - axis: the axis to sample along.
public func choice(_ key: PRNGKey, _ a: Tensor, shape: [Int] = [], replace: Bool = true, p: Tensor? = nil,
                   axis: Int = 0, file: String = #fileID, line: Int = #line) -> Tensor {
    let place = location(file, line)
    guard let axis = Tensor.normalize(axis: axis, rank: a.rank) else {
        let reason = a.rank == 0 ? "a must have at least one dimension (or pass an Int count)" : "axis \(axis) is out of range"
        return Tensor.invalid("choice", [a], reason, location: place, result: a.type)
    }
    var resultShape = a.shape
    resultShape.replaceSubrange(axis...axis, with: shape)
    return sample(key, .slices(a, axis: axis), shape: shape, replace: replace, p: p, axis: axis, place: place,
                  result: TensorType(a.dtype, resultShape))
}

/// What ``choice`` draws from.
private enum Population {
    case range(Int)
    case slices(Tensor, axis: Int)
}

/// The body of both `choice` functions.
private func sample(_ key: PRNGKey, _ population: Population, shape: [Int], replace: Bool, p: Tensor?, axis: Int,
                    place: String?, result: TensorType) -> Tensor {
    let count: Int
    let source: Tensor?
    switch population {
    case let .range(n): (count, source) = (n, nil)
    case let .slices(a, axis): (count, source) = (a.shape[axis], a)
    }
    let draws = shape.reduce(1, *)
    let operands = [key.data] + (source.map { [$0] } ?? []) + (p.map { [$0] } ?? [])
    let reason: String? = if shape.contains(where: { $0 < 0 }) {
        "the shape \(shape) has a negative size"
    } else if draws > 0 && count <= 0 {
        "there is nothing to choose from"
    } else if !replace && draws > count {
        "cannot take \(draws) samples without replacement from \(count)"
    } else if let p, p.shape != [count] {
        "p must have shape [\(count)], got \(p.shape)"
    } else {
        nil
    }
    if let reason { return Tensor.invalid("choice", operands, reason, location: place, result: result) }
    if let invalid = Random.check("choice", key, shape, result: result.elementType, location: place) { return invalid }
    if draws == 0 { return Tensor.zeros(result.shape, dtype: result.elementType) }
    let index = TypePromotion.canonical(.int64, x64: Configuration.x64)
    let arguments = [source ?? Tensor.zeros([0], dtype: .int32), p ?? Tensor.zeros([0])]
    return EagerProgram.run("choice", static: "\(count)\(shape)\(replace)\(p != nil)\(source != nil)\(axis)",
                             key, arguments) { key, arguments in
        let (a, p) = (source == nil ? nil : arguments[0], p == nil ? nil : arguments[1])
        let indices: Tensor
        switch (p, replace) {
        case (nil, true):
            indices = drawIntegers(key, shape, Tensor(Int32(0)), Tensor(Int32(count)), index).reshaped([draws])
        case (nil, false):
            let shuffled = shuffle(key, a ?? Random.range(count, index), axis: axis,
                                   independent: a == nil || a!.rank == 1)
            let taken = shuffled.index(Array(repeating: TensorIndex.every(1), count: axis) + [TensorIndex.range(0..<draws)])
            return taken.reshaped(result.shape)
        case let (p?, true):
            let p = p.promotedToInexact
            let cumulative = cumulativeSum(p)
            let total = cumulative[TensorIndex.at(count - 1)]
            let u = drawUniform(key, shape, p.dtype, minval: Random.constant(0, p.dtype), maxval: Random.constant(1, p.dtype))
            let targets = (total * (1 - u)).reshaped([draws, 1])
            indices = (cumulative.reshaped([1, count]) .< targets).converted(to: index).sum(axes: [1])
        case let (p?, false):
            let p = p.promotedToInexact
            indices = topK(drawGumbel(key, [count], p.dtype) + log(p), k: draws).indices.converted(to: index)
        }
        guard let a else { return indices.reshaped(shape) }
        return take(a, indices, axis: axis).reshaped(result.shape)
    }
}

/// Running sums from the first element on, added one at a time in order
/// (as XLA computes `jnp.cumsum`'s reduce window).
private func cumulativeSum(_ x: Tensor) -> Tensor {
    scan(Tensor.zeros([], dtype: x.dtype), x) { total, element in
        let next = total + element
        return (next, next)
    }.ys
}

/// `x`'s slices along `axis` at `indices` (a vector), stacked in their place.
private func take(_ x: Tensor, _ indices: Tensor, axis: Int) -> Tensor {
    var order = Array(0..<x.rank)
    order.remove(at: axis)
    let front = x.transposed([axis] + order)
    let rest = Array(front.shape.dropFirst())
    let rows = scan(front, indices) { source, index in
        let starts = [index.converted(to: .int32)] + rest.map { _ in Tensor(Int32(0)) }
        let row = Tensor.apply(.dynamicSlice, [source] + starts, attributes: ["slice_sizes": .ints([1] + rest)],
                               fallback: TensorType(source.dtype, [1] + rest))
        return (source, row.reshaped(rest))
    }.ys
    var back = Array(1..<x.rank)
    back.insert(0, at: axis)
    return rows.transposed(back)
}

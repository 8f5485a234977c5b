import XLAIR

/// Random booleans that are true with probability `p`, as
/// `jax.random.bernoulli(key, p, shape)`: `uniform(key, shape, p.dtype) < p`.
///
/// ```swift
/// let keep = bernoulli(key, p: 0.9, shape: [4, 4])
/// ```
///
/// - Parameters:
///   - p: a float probability or tensor of them (a literal is float32).
///   - shape: the result's shape, to which `p` broadcasts; `p`'s own by
///     default.
public func bernoulli(_ key: PRNGKey, p: Tensor = 0.5, shape: [Int]? = nil,
                      file: String = #fileID, line: Int = #line) -> Tensor {
    let place = location(file, line)
    let shape = shape ?? p.shape
    let dtype = p.isWeak && p.dtype.isFloatingPoint ? TypePromotion.canonical(.float64, x64: Configuration.x64) : p.dtype
    guard dtype.isFloatingPoint else {
        return Tensor.invalid("bernoulli", [p], "the probability p must have a float dtype, got \(p.dtype)",
                              location: place, result: TensorType(.bool, shape))
    }
    if let invalid = Random.check("bernoulli", key, shape, result: .bool, location: place)
        ?? Random.checkBroadcast("bernoulli", [p], to: shape, .bool, location: place) {
        return invalid
    }
    return EagerProgram.run("bernoulli", static: "\(shape)\(dtype)", key, p) { key, p in
        let p = p.converted(to: dtype)
        return drawUniform(key, shape, dtype, minval: Random.constant(0, dtype), maxval: Random.constant(1, dtype)) .< p
    }
}

/// Random integers in `[minval, maxval)`, as
/// `jax.random.randint(key, shape, minval, maxval, dtype)`.
///
/// ```swift
/// let dice = randint(key, [10], minval: 1, maxval: 7)
/// ```
///
/// Two draws of the type's width are combined modulo the span to reduce
/// the bias of a span that is not a power of 2; types narrower than 32 bits
/// are sampled as int32. Where `maxval <= minval` the result is `minval`;
/// a `maxval` just past the type's range (`256` for `uint8`) is allowed.
///
/// - Parameters:
///   - minval: the inclusive lower bounds, broadcasting to `shape`.
///   - maxval: the exclusive upper bounds, broadcasting to `shape`.
///   - dtype: an integer type (int32 by default, int64 with x64 on).
public func randint(_ key: PRNGKey, _ shape: [Int], minval: Tensor, maxval: Tensor, dtype: ElementType? = nil,
                    file: String = #fileID, line: Int = #line) -> Tensor {
    let place = location(file, line)
    let dtype = TypePromotion.canonical(dtype ?? .int64, x64: Configuration.x64)
    guard dtype.isInteger else {
        return Tensor.invalid("randint", [key.data], "the dtype must be an integer type, got \(dtype)",
                              location: place, result: TensorType(.int32, shape.map { Swift.max($0, 0) }))
    }
    if let invalid = Random.check("randint", key, shape, result: dtype, location: place)
        ?? Random.checkBroadcast("randint", [minval, maxval], to: shape, dtype, location: place) {
        return invalid
    }
    return EagerProgram.run("randint", static: "\(shape)\(dtype)", key, minval, maxval) { key, minval, maxval in
        drawIntegers(key, shape, minval, maxval, dtype)
    }
}

/// The samples of ``randint(_:_:minval:maxval:dtype:file:line:)`` for
/// checked arguments.
func drawIntegers(_ key: PRNGKey, _ shape: [Int], _ minval: Tensor, _ maxval: Tensor, _ dtype: ElementType) -> Tensor {
    var (minval, maxval, sampled) = (minval, maxval, dtype)
    let width = dtype.byteCount * 8
    if width < 32 {
        // Narrow types are drawn as int32 within the type's range.
        let range = Random.integerRange(dtype)
        sampled = .int32
        minval = minval.converted(to: .int32).clipped(min: Tensor(Int32(range.lowerBound)), max: Tensor(Int32(range.upperBound)))
        maxval = maxval.converted(to: .int32).clipped(min: Tensor(Int32(range.lowerBound)),
                                                      max: Tensor(Int32(range.upperBound + 1)))
    }
    let integer = TypePromotion.canonical(.int64, x64: Configuration.x64)
    if !minval.dtype.isInteger { minval = minval.converted(to: integer) }
    if !maxval.dtype.isInteger { maxval = maxval.converted(to: integer) }
    let typeMaximum = Random.integerConstant(Random.integerRange(sampled).upperBound, sampled)
    let maxvalPastRange = maxval .> Random.convertAndClip(typeMaximum, to: maxval.dtype)
    minval = Random.convertAndClip(minval, to: sampled)
    maxval = Random.convertAndClip(maxval, to: sampled)

    let bits = sampled.byteCount * 8
    let unsigned = Random.unsignedType(bits: bits)
    let keys = splitKeys(key, [2])
    let higher = drawBits(keys[0], bits, shape), lower = drawBits(keys[1], bits, shape)
    let one = Random.integerConstant(1, unsigned)
    var span = (maxval - minval).converted(to: unsigned)
    span = select(maxval .<= minval, one, span)
    span = select(maxvalPastRange & (maxval .> minval), span + one, span)
    var multiplier = truncatingRemainder(Random.integerConstant(1 << (bits / 2), unsigned), span)
    multiplier = truncatingRemainder(multiplier * multiplier, span)
    let offset = truncatingRemainder(truncatingRemainder(higher, span) * multiplier + truncatingRemainder(lower, span), span)
    return (minval + offset.converted(to: sampled)).converted(to: dtype)
}

/// Random category indices from unnormalized log probabilities, as
/// `jax.random.categorical(key, logits, axis, shape, replace)`: the argmax
/// of `logits` plus Gumbel noise (with replacement), or the top `k` of one
/// such draw (without).
///
/// ```swift
/// let tokens = categorical(key, logits)             // one index per row
/// ```
///
/// - Parameters:
///   - logits: float log probabilities; `axis` holds the categories.
///   - shape: the result's shape; its trailing dimensions must be the
///     batch shape (`logits.shape` without `axis`), leading ones draw more
///     samples. The batch shape by default.
///   - replace: whether to sample with replacement; without, the leading
///     dimensions of `shape` may hold at most as many samples as categories.
/// - Returns: int32 indices (int64 with x64 on).
public func categorical(_ key: PRNGKey, _ logits: Tensor, axis: Int = -1, shape: [Int]? = nil, replace: Bool = true,
                        file: String = #fileID, line: Int = #line) -> Tensor {
    let place = location(file, line)
    let index = TypePromotion.canonical(.int64, x64: Configuration.x64)
    guard let axis = Tensor.normalize(axis: axis, rank: logits.rank) else {
        return Tensor.invalid("categorical", [logits], "axis \(axis) is out of range", location: place,
                              result: TensorType(index, shape ?? []))
    }
    var batchShape = logits.shape
    batchShape.remove(at: axis)
    let shape = shape ?? batchShape
    let prefix = Array(shape.prefix(Swift.max(0, shape.count - batchShape.count)))
    let draws = prefix.reduce(1, *)
    let reason: String? = if !logits.dtype.isFloatingPoint {
        "the logits must be floats, got \(logits.dtype)"
    } else if shape.count < batchShape.count || Array(shape.suffix(batchShape.count)) != batchShape {
        "the shape \(shape) must end with the batch shape \(batchShape)"
    } else if !replace && draws > logits.shape[axis] {
        "\(draws) samples without replacement exceed the \(logits.shape[axis]) categories"
    } else {
        nil
    }
    if let reason {
        return Tensor.invalid("categorical", [logits], reason, location: place, result: TensorType(index, shape))
    }
    if let invalid = Random.check("categorical", key, shape, result: index, location: place) { return invalid }
    return EagerProgram.run("categorical", static: "\(axis)\(shape)\(replace)", key, logits) { key, logits in
        let dtype = logits.dtype
        guard replace else {
            let noisy = logits + drawGumbel(key, logits.shape, dtype)
            var order = Array(0..<logits.rank)
            order.remove(at: axis)
            let top = topK(noisy.transposed(order + [axis]), k: draws).indices
            return top.transposed([top.rank - 1] + Array(0..<(top.rank - 1))).reshaped(shape).converted(to: index)
        }
        var noiseShape = Array(shape.suffix(batchShape.count))
        noiseShape.insert(logits.shape[axis], at: axis)
        let noise = drawGumbel(key, prefix + noiseShape, dtype)
        return (noise + logits.reshaped(Array(repeating: 1, count: prefix.count) + logits.shape))
            .argmax(axis: prefix.count + axis).converted(to: index)
    }
}

extension Random {
    /// The values of an integer type.
    static func integerRange(_ dtype: ElementType) -> ClosedRange<Int128> {
        let bits = dtype.byteCount * 8
        if dtype.isUnsignedInteger { return 0...(Int128(1) << bits) - 1 }
        return -(Int128(1) << (bits - 1))...(Int128(1) << (bits - 1)) - 1
    }

    /// A strongly typed integer scalar of `dtype`.
    static func integerConstant(_ value: Int128, _ dtype: ElementType) -> Tensor {
        value < 0 ? Tensor(Int64(value), dtype: dtype) : Tensor(UInt64(value), dtype: dtype)
    }

    /// `value` converted to an integer `dtype`, first clipped to the values
    /// both types hold instead of wrapping.
    static func convertAndClip(_ value: Tensor, to dtype: ElementType) -> Tensor {
        let from = integerRange(value.dtype), to = integerRange(dtype)
        let lower = integerConstant(Swift.max(from.lowerBound, to.lowerBound), value.dtype)
        let upper = integerConstant(Swift.min(from.upperBound, to.upperBound), value.dtype)
        return value.clipped(min: lower, max: upper).converted(to: dtype)
    }
}

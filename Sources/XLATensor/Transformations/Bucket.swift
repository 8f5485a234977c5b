/// What a function compiled with bucketing (``Bucketing``) knows about its
/// call while it is traced: the true length along the padded axis, and
/// sums and means over that axis that leave the padding out.
///
/// Outside such a trace (the function called eagerly, or inlined into
/// another trace) there is no padding: ``validLength`` is nil, ``mask(_:axis:)``
/// is all true, and ``sum(_:axis:)`` and ``mean(_:axis:)`` are the plain reductions.
///
/// ```swift
/// let meanLoss = jit(bucketing: .sizes([64], axis: 0)) { (losses: Tensor) in
///     Bucket.mean(losses, axis: 0)   // the mean of the real rows only
/// }
/// ```
public enum Bucket {
    /// The true length, an `int32` scalar parameter of the bucketed trace.
    @TaskLocal static var tracedLength: Tensor?

    /// The true length along the padded axis (an `int32` scalar, traced),
    /// or nil outside a bucketed `jit`'s trace.
    public static var validLength: Tensor? { tracedLength }

    /// Whether each element of `x` lies at a real position along `axis`
    /// (not in the padding): a `bool` tensor of `x`'s shape.
    public static func mask(_ x: Tensor, axis: Int, file: String = #fileID, line: Int = #line) -> Tensor {
        guard let normalized = Tensor.normalize(axis: axis, rank: x.rank) else {
            return .invalid("Bucket.mask", [x], "axis \(axis) is out of range for shape \(x.shape)",
                            location: location(file, line), result: TensorType(.bool, x.shape))
        }
        guard let validLength else { return Tensor(true).broadcast(to: x.shape) }
        return iotaPositions(x.shape, axis: normalized) .< validLength
    }

    /// The sum of `x` over `axis`, padding left out.
    public static func sum(_ x: Tensor, axis: Int, keepDims: Bool = false,
                           file: String = #fileID, line: Int = #line) -> Tensor {
        guard validLength != nil else { return x.sum(axes: [axis], keepDims: keepDims, file: file, line: line) }
        return select(mask(x, axis: axis, file: file, line: line), x, 0).sum(axes: [axis], keepDims: keepDims,
                                                                               file: file, line: line)
    }

    /// The mean of `x` over `axis`, padding left out (over the true length).
    public static func mean(_ x: Tensor, axis: Int, keepDims: Bool = false,
                            file: String = #fileID, line: Int = #line) -> Tensor {
        guard let validLength else { return x.mean(axes: [axis], keepDims: keepDims, file: file, line: line) }
        return sum(x, axis: axis, keepDims: keepDims, file: file, line: line) / validLength.converted(to: x.dtype)
    }
}

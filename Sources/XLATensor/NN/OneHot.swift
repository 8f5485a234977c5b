import XLAIR

/// One-hot encodes indices (`jax.nn.one_hot`): a new axis of `count`
/// entries, 1 at each index and 0 elsewhere.
///
/// Indices outside `0..<count` (negative ones included) give all zeros, as
/// in JAX. The result has `x`'s shape with `count` inserted at `axis`.
///
/// ```swift
/// oneHot(Tensor([0, 1, 2]), count: 3)  // the 3×3 identity, float32
/// oneHot(Tensor([-1, 3]), count: 3)    // two rows of zeros
/// ```
///
/// - Parameters:
///   - count: the number of classes (JAX's `num_classes`).
///   - dtype: the result's element type (`float32` by default).
///   - axis: where the new axis goes, counted in the result's dimensions
///     (`-1`, the last, by default).
/// - Note: a negative `count` or an out-of-range `axis` gives a poisoned
///   tensor whose error names `one_hot`.
public func oneHot(_ x: Tensor, count: Int, dtype: ElementType = .float32, axis: Int = -1,
                   file: String = #fileID, line: Int = #line) -> Tensor {
    var shape = x.shape
    guard let axis = Tensor.normalize(axis: axis, rank: x.rank + 1), count >= 0 else {
        shape.append(Swift.max(count, 0))
        let reason = count < 0 ? "the number of classes must be non-negative, not \(count)"
            : "axis \(axis) is out of range for a result of rank \(x.rank + 1)"
        return .invalid("one_hot", [x], reason, location: location(file, line), result: TensorType(dtype, shape))
    }
    // JAX compares `expand_dims(x, axis)` with an iota of `x`'s dtype along the new axis.
    var classShape = Array(repeating: 1, count: x.rank)
    classShape.insert(count, at: axis)
    let classes = x.dtype == .bool
        ? Tensor.arange(count).converted(to: .bool).reshaped(classShape)
        : Tensor.apply(.iota, [], attributes: ["shape": .ints(classShape), "dimension": .int(axis),
                                               "element_type": .elementType(x.dtype)],
                       location: location(file, line), fallback: TensorType(x.dtype, classShape))
    return (x.expandingDimensions(axis: axis) .== classes).converted(to: dtype)
}

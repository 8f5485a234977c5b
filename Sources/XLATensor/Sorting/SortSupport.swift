import XLAIR

/// How float keys compare in a sort.
enum FloatOrder: String {
    /// `lax.sort`'s order: `-0` equals `+0`, NaNs equal each other and come
    /// after `inf`.
    case canonical
    /// `lax.top_k`'s order: the IEEE total order, `-NaN < -inf < ... < -0 <
    /// +0 < ... < inf < NaN`.
    case total
}

/// `operands` (one shape) sorted together along `axis` (non-negative),
/// stably, by their first `numKeys` lexicographically (`lax.sort`).
func sortTogether(_ operands: [Tensor], axis: Int, numKeys: Int = 1, descending: Bool = false,
                  floatOrder: FloatOrder = .total, location: String? = nil) -> [Tensor] {
    Tensor.apply(.sort, operands, attributes: ["dimension": .int(axis), "num_keys": .int(numKeys),
                                               "direction": .string(descending ? "descending" : "ascending"),
                                               "float_order": .string(floatOrder.rawValue)],
                 location: location, fallback: operands.map(\.type))
}

/// Positions `0, 1, 2, ...` along `axis` of a tensor of `shape`
/// (`lax.broadcasted_iota`).
func iotaPositions(_ shape: [Int], axis: Int, dtype: ElementType = .int32) -> Tensor {
    Tensor.apply(.iota, [], attributes: ["shape": .ints(shape), "dimension": .int(axis), "element_type": .elementType(dtype)],
                 fallback: TensorType(dtype, shape))
}

/// The reason an axis is rejected, for errors.
func outOfRange(axis: Int, _ x: Tensor) -> String {
    x.rank == 0 ? "a scalar has no axis to sort along" : "axis \(axis) is out of range for shape \(x.shape)"
}

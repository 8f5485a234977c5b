/// XLA's dilation of a dimension, shared by convolutions (`lhs_dilation`,
/// `rhs_dilation`, and strides seen from the gradient) and windowed
/// reductions (`base_dilations`, `window_dilations`): `dilation - 1` holes
/// put between each pair of neighbouring elements.
public enum Dilation {
    /// The extent of `size` elements dilated by `dilation`:
    /// `(size - 1) * dilation + 1`, and 0 for no elements.
    ///
    /// ```swift
    /// Dilation.extent(of: 3, by: 2)  // 5: x _ x _ x
    /// ```
    ///
    /// For sizes a shape rule has accepted, whose extents fit in `Int`; it
    /// saturates at `Int.max` otherwise. Shape rules use ``checkedExtent(of:by:)``.
    public static func extent(of size: Int, by dilation: Int) -> Int {
        checkedExtent(of: size, by: dilation).value ?? .max
    }

    /// The extent of `size` elements dilated by `dilation`, overflow-checked.
    public static func checkedExtent(of size: Int, by dilation: Int) -> CheckedSize {
        size == 0 ? 0 : (CheckedSize(size) - 1) * dilation + 1
    }
}

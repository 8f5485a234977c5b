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
    public static func extent(of size: Int, by dilation: Int) -> Int {
        size == 0 ? 0 : (size - 1) * dilation + 1
    }
}

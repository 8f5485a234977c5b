/// Makes the initial value of a parameter or state from its shape and dtype
/// (`hk.initializers.Initializer`). Random initializers draw their key with
/// ``nextRNGKey(file:line:)``, so `initialize` needs a key.
///
/// Any `([Int], ElementType) -> Tensor` closure can be used where an
/// initializer is expected, like JAX's plain functions.
public protocol Initializer {
    /// The initial value for `shape` and `dtype`.
    func callAsFunction(_ shape: [Int], dtype: ElementType) -> Tensor
}

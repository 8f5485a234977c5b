/// Fills every element with one value (`hk.initializers.Constant`).
///
/// ```swift
/// let b = parameter("b", shape: [300], init: .zeros)
/// let scale = parameter("scale", shape: [4], init: Constant(0.5))
/// ```
///
/// The value is broadcast to the requested shape, then converted to the
/// requested dtype, as Haiku's `broadcast_to(asarray(constant), shape).astype(dtype)`.
public struct Constant: Initializer, Sendable {
    /// The value before broadcasting and conversion.
    public let value: Tensor

    /// An initializer filling with a Swift float (first rounded to float32,
    /// as JAX treats a Python float while x64 is off).
    ///
    /// - Parameter value: the fill value.
    public init(_ value: Double) { self.value = Tensor(value) }

    /// An initializer filling with a Swift integer (first an int32, as JAX
    /// treats a Python int while x64 is off).
    ///
    /// - Parameter value: the fill value.
    public init(_ value: Int) { self.value = Tensor(value) }

    /// An initializer filling with a tensor broadcast to the requested shape.
    ///
    /// - Parameter value: the fill value; its shape must broadcast to the
    ///   requested one, else the result is a poisoned tensor.
    public init(_ value: Tensor) { self.value = value }

    /// `value` broadcast to `shape` and converted to `dtype`.
    public func callAsFunction(_ shape: [Int], dtype: ElementType) -> Tensor {
        value.broadcast(to: shape).converted(to: dtype)
    }
}

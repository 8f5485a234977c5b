/// Samples uniformly in `[-limit, limit)`, `limit = scale * sqrt(3 / inputs)`
/// with `inputs` the product of all dimensions but the last
/// (`hk.initializers.UniformScaling`).
///
/// ```swift
/// let w = parameter("w", shape: [784, 300], init: UniformScaling(scale: 2))
/// ```
public struct UniformScaling: Initializer, Sendable {
    /// The factor of the bound.
    public let scale: Double

    /// An initializer sampling uniformly with bounds scaled to the inputs.
    ///
    /// - Parameter scale: the factor of the bound (Haiku's default 1).
    public init(scale: Double = 1) { self.scale = scale }

    /// Samples of `shape` and the float type `dtype`, drawn with ``nextRNGKey(file:line:)``.
    public func callAsFunction(_ shape: [Int], dtype: ElementType) -> Tensor {
        let inputs = Double(shape.dropLast().reduce(1, *))
        let limit = (3 / inputs).squareRoot() * scale
        return RandomUniform(minval: -limit, maxval: limit)(shape, dtype: dtype)
    }
}

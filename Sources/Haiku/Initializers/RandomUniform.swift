/// Samples from a uniform distribution in `[minval, maxval)`
/// (`hk.initializers.RandomUniform`).
///
/// ```swift
/// let w = parameter("w", shape: [3, 4], init: RandomUniform(minval: -0.1, maxval: 0.1))
/// ```
public struct RandomUniform: Initializer, Sendable {
    /// The lower bound (included).
    public let minval: Double
    /// The upper bound (excluded).
    public let maxval: Double

    /// An initializer sampling uniformly in `[minval, maxval)`.
    ///
    /// - Parameters:
    ///   - minval: the lower bound (Haiku's default 0).
    ///   - maxval: the upper bound (Haiku's default 1).
    public init(minval: Double = 0, maxval: Double = 1) {
        self.minval = minval
        self.maxval = maxval
    }

    /// Samples of `shape` and the float type `dtype`, drawn with ``nextRNGKey(file:line:)``.
    public func callAsFunction(_ shape: [Int], dtype: ElementType) -> Tensor {
        uniform(nextRNGKey(), shape, dtype: dtype, minval: Tensor(minval), maxval: Tensor(maxval))
    }
}

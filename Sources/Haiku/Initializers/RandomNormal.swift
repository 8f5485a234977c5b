/// Samples from a normal distribution (`hk.initializers.RandomNormal`).
///
/// ```swift
/// let b = parameter("b", shape: [], init: RandomNormal())
/// ```
///
/// Computes `mean + stddev * normal(nextRNGKey(), shape, dtype)` with
/// `mean` and `stddev` converted to `dtype`, as Haiku does.
public struct RandomNormal: Initializer, Sendable {
    /// The standard deviation.
    public let stddev: Double
    /// The mean.
    public let mean: Double

    /// An initializer sampling from a normal distribution.
    ///
    /// - Parameters:
    ///   - stddev: the standard deviation (Haiku's default 1).
    ///   - mean: the mean (Haiku's default 0).
    public init(stddev: Double = 1, mean: Double = 0) {
        self.stddev = stddev
        self.mean = mean
    }

    /// Samples of `shape` and the float type `dtype`, drawn with ``nextRNGKey(file:line:)``.
    public func callAsFunction(_ shape: [Int], dtype: ElementType) -> Tensor {
        let mean = convertElementType(mean, dtype), stddev = convertElementType(stddev, dtype)
        return mean + stddev * normal(nextRNGKey(), shape, dtype: dtype)
    }
}

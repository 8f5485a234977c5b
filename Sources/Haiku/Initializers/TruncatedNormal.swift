/// Samples from a normal distribution truncated to `[lower, upper]`
/// standard deviations (`hk.initializers.TruncatedNormal`), the default
/// weight initializer of `Linear`, the convolutions and `Embed`.
///
/// ```swift
/// let w = parameter("w", shape: [j, k], init: TruncatedNormal(stddev: 1 / Double(j).squareRoot()))
/// ```
///
/// Computes `stddev * truncatedNormal(nextRNGKey(), lower, upper, shape) +
/// mean` with `stddev` and `mean` converted to `dtype`, as Haiku does: the
/// bounds apply to the unscaled samples, and the samples' standard deviation
/// is about `0.88 * stddev` (``VarianceScaling`` corrects for it).
///
/// Float arguments are `Double`, like Python's floats: Haiku computes
/// `1 / sqrt(fan_in)` in float64 and rounds once to float32.
public struct TruncatedNormal: Initializer, Sendable {
    /// The standard deviation before truncation.
    public let stddev: Double
    /// The mean.
    public let mean: Double
    /// The lower truncation bound, in standard deviations.
    public let lower: Double
    /// The upper truncation bound, in standard deviations.
    public let upper: Double

    /// An initializer sampling from a truncated normal distribution.
    ///
    /// - Parameters:
    ///   - stddev: the standard deviation before truncation (Haiku's default 1).
    ///   - mean: the mean (Haiku's default 0).
    ///   - lower: the lower bound in standard deviations (Haiku's default -2).
    ///   - upper: the upper bound in standard deviations (Haiku's default 2).
    public init(stddev: Double = 1, mean: Double = 0, lower: Double = -2, upper: Double = 2) {
        self.stddev = stddev
        self.mean = mean
        self.lower = lower
        self.upper = upper
    }

    /// Samples of `shape` and the float type `dtype`, drawn with ``nextRNGKey(file:line:)``.
    public func callAsFunction(_ shape: [Int], dtype: ElementType) -> Tensor {
        let mean = convertElementType(mean, dtype), stddev = convertElementType(stddev, dtype)
        let unscaled = truncatedNormal(nextRNGKey(), Tensor(lower), Tensor(upper), shape, dtype: dtype)
        return stddev * unscaled + mean
    }
}

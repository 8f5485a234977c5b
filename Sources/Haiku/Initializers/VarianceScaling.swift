/// Samples with a variance scaled to the shape: `scale / n`, `n` the number
/// of input units, output units or their mean (`hk.initializers.VarianceScaling`).
///
/// With `.truncatedNormal` or `.normal` the samples have mean 0 and
/// standard deviation `sqrt(scale / n)` (after truncation); with `.uniform`
/// they lie in `[-limit, limit)` with `limit = sqrt(3 * scale / n)`.
/// The common named initializers are configurations of it:
///
/// | name           | configuration                                                     |
/// |----------------|-------------------------------------------------------------------|
/// | glorot_uniform | `VarianceScaling(scale: 1, mode: .fanAvg, distribution: .uniform)` |
/// | glorot_normal  | `VarianceScaling(scale: 1, mode: .fanAvg)`                        |
/// | lecun_uniform  | `VarianceScaling(scale: 1, distribution: .uniform)`               |
/// | lecun_normal   | `VarianceScaling(scale: 1)`                                       |
/// | he_uniform     | `VarianceScaling(scale: 2, distribution: .uniform)`               |
/// | he_normal      | `VarianceScaling(scale: 2)`                                       |
///
/// Units are counted as Haiku does: a scalar has one input and one output;
/// a vector of `n` has `n` of each; a `[in, out]` matrix has `in` and `out`;
/// a convolution kernel `[..., in, out]` multiplies both by the product of
/// its leading (receptive field) dimensions, unless `fanInAxes` names the
/// input axes.
public struct VarianceScaling: Initializer, Sendable {
    /// Which units `n` counts.
    public enum Mode: String, Sendable, CaseIterable {
        /// The input units (Haiku's `"fan_in"`).
        case fanIn = "fan_in"
        /// The output units (Haiku's `"fan_out"`).
        case fanOut = "fan_out"
        /// The mean of the input and output units (Haiku's `"fan_avg"`).
        case fanAvg = "fan_avg"
    }

    /// The distribution samples are drawn from.
    public enum Distribution: String, Sendable, CaseIterable {
        /// A normal distribution truncated at two standard deviations,
        /// rescaled to the wanted standard deviation (Haiku's `"truncated_normal"`).
        case truncatedNormal = "truncated_normal"
        /// A normal distribution (Haiku's `"normal"`).
        case normal
        /// A uniform distribution (Haiku's `"uniform"`).
        case uniform
    }

    /// The standard deviation of a standard normal truncated to `[-2, 2]`,
    /// by which the truncated distribution's `stddev` is divided.
    static let truncatedStandardDeviation = 0.87962566103423978

    /// The factor of the variance; not negative.
    public let scale: Double
    /// Which units the variance is divided by.
    public let mode: Mode
    /// The distribution samples are drawn from.
    public let distribution: Distribution
    /// The axes of the shape that count as input units, or nil for Haiku's
    /// rule (all but the last for rank 3 and more).
    public let fanInAxes: [Int]?

    /// An initializer sampling with a variance scaled to the shape.
    ///
    /// - Parameters:
    ///   - scale: the factor of the variance (Haiku's default 1); a
    ///     negative scale gives a poisoned tensor when called (Haiku
    ///     raises `ValueError` when constructing).
    ///   - mode: which units the variance is divided by (Haiku's default `.fanIn`).
    ///   - distribution: the distribution to sample (Haiku's default `.truncatedNormal`).
    ///   - fanInAxes: for shapes of rank 3 and more, the axes (negative from
    ///     the end) whose product counts the input units; the others count
    ///     the output units. Useful for multi-headed attention weights.
    public init(scale: Double = 1, mode: Mode = .fanIn, distribution: Distribution = .truncatedNormal,
                fanInAxes: [Int]? = nil) {
        self.scale = scale
        self.mode = mode
        self.distribution = distribution
        self.fanInAxes = fanInAxes
    }

    /// Samples of `shape` and the float type `dtype`, drawn with ``nextRNGKey(file:line:)``.
    public func callAsFunction(_ shape: [Int], dtype: ElementType) -> Tensor {
        if scale < 0 {
            return invalidInitializer("VarianceScaling needs a scale of 0 or more, not \(scale)", shape, dtype)
        }
        guard let fans = Fans(shape, fanInAxes: fanInAxes) else {
            return invalidInitializer("VarianceScaling's fanInAxes \(fanInAxes ?? []) are out of range for the shape \(shape)",
                                      shape, dtype)
        }
        let variance = scale / Swift.max(1, fans.units(mode))
        switch distribution {
        case .truncatedNormal:
            let distributionStddev = Self.truncatedStandardDeviation.rounded(toPrecisionOf: dtype)
            return TruncatedNormal(stddev: variance.squareRoot() / distributionStddev)(shape, dtype: dtype)
        case .normal:
            return RandomNormal(stddev: variance.squareRoot())(shape, dtype: dtype)
        case .uniform:
            let limit = (3 * variance).squareRoot()
            return RandomUniform(minval: -limit, maxval: limit)(shape, dtype: dtype)
        }
    }
}

extension Double {
    /// The value rounded to a float `dtype`'s precision, as
    /// `np.asarray(value, dtype)` (other dtypes round to float32: their
    /// samplers reject them).
    fileprivate func rounded(toPrecisionOf dtype: ElementType) -> Double {
        switch dtype {
        case .float64: self
        case .float16: Double(Float16(self))
        case .bfloat16: Double(BFloat16(Float(self)).floatValue)
        default: Double(Float(self))
        }
    }
}

/// Root-mean-square normalization (`hk.RMSNorm`,
/// https://arxiv.org/abs/1910.07467): divides the input by the root mean
/// square over `axis`, without centering it, then scales it:
/// `inputs · scale · rsqrt(mean(inputs²) + eps)`.
///
/// Parameter (in the input's dtype): `scale` (default ones) when created,
/// shaped by `paramAxis` as ``LayerNorm``'s: `[C]` for the last axis (the
/// default), otherwise the input's shape with 1 on every other axis.
public final class RMSNorm: Module, UnaryLayer {
    /// The axes normalized over, as given.
    public let axis: Axes
    /// Added to the mean square to avoid dividing by zero.
    public let eps: Double
    /// Whether the module creates a `scale` parameter.
    public let createScale: Bool
    /// The axes the scale varies along, as given (nil: the last axis).
    public let paramAxis: Axes?
    let scaleInit: (any Initializer)?

    /// An RMS norm.
    ///
    /// - Parameters:
    ///   - axis: the axes to normalize over: an integer, an array, or a
    ///     range (see ``Axes``).
    ///   - eps: added to the mean square (default `1e-5`).
    ///   - scaleInit: the initializer of `scale` (default ones); only with `createScale`.
    ///   - createScale: whether to create a trainable `scale` (default true).
    ///   - paramAxis: the axes the scale varies along (default the last).
    ///   - name: the module's name (default `rms_norm`).
    public init(axis: some AxesConvertible, eps: Double = 1e-5, scaleInit: (any Initializer)? = nil,
                createScale: Bool = true, paramAxis: (any AxesConvertible)? = nil, name: ModuleName = nil) {
        (self.axis, self.eps, self.scaleInit, self.createScale) = (axis.axes, eps, scaleInit, createScale)
        self.paramAxis = paramAxis?.axes
        super.init(name: name)
    }

    /// `axis`, then `eps`, `createScale` and `paramAxis` where they differ
    /// from Haiku's defaults.
    public override var configuration: [String] {
        ["axis: \(axis)"] + (eps == 1e-5 ? [] : ["eps: \(eps)"]) + (createScale ? [] : ["createScale: false"])
            + (paramAxis.map { ["paramAxis: \($0)"] } ?? [])
    }

    /// The normalized input, of the input's shape.
    ///
    /// Errors (reported by `initialize`/`apply`, naming the module): an
    /// initializer without `createScale`, axes out of range or repeated, a
    /// list of parameter axes on a scalar.
    public func callAsFunction(_ inputs: Tensor) -> Tensor {
        method(inputs) { inputs in
            reportingErrors(inputs) { () throws(HaikuError) in
                try Normalization.checkInitializers(createScale: createScale, scaleInit: scaleInit)
                let shape = try Normalization.parameterShape(inputs.shape, paramAxis: paramAxis ?? -1)
                let scale: Tensor = createScale
                    ? parameter("scale", shape: shape, dtype: inputs.dtype, init: scaleInit ?? Constant(1))
                        .broadcast(to: inputs.shape)
                    : 1.0
                let axes = try axis.resolved(rank: inputs.rank)
                let meanSquared = square(inputs).mean(axes: axes, keepDims: true).broadcast(to: inputs.shape)
                return inputs * scale * rsqrt(meanSquared + eps)
            }
        }
    }
}

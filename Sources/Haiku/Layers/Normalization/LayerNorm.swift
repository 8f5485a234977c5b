/// Layer normalization (`hk.LayerNorm`, https://arxiv.org/abs/1607.06450):
/// normalizes the input over `axis` to zero mean and unit variance, then
/// scales and shifts it:
/// `scale · rsqrt(variance + eps) · (inputs - mean) + offset`.
///
/// Parameters (in the input's dtype): `scale` (default ones) and `offset`
/// (default zeros) when created, shaped by `paramAxis`: `[C]` for the last
/// axis (the default), otherwise the input's shape with 1 on every axis
/// not in `paramAxis`. Without them, a `scale` and `offset` passed at call
/// time (broadcastable to the input) are used, or none.
///
/// ```swift
/// let ln = LayerNorm(axis: -1, createScale: true, createOffset: true, paramAxis: -1)
/// let y = ln(x)                       // x: [8, 224, 224, 3]; scale, offset: [3]
/// LayerNorm(axis: 1..., createScale: true, createOffset: true, paramAxis: 1...)  // Haiku's slice(1, None)
/// ```
public class LayerNorm: Module, ScaleOffsetLayer {
    /// The axes normalized over, as given.
    public let axis: Axes
    /// Whether the module creates a `scale` parameter.
    public let createScale: Bool
    /// Whether the module creates an `offset` parameter.
    public let createOffset: Bool
    /// Added to the variance to avoid dividing by zero.
    public let eps: Double
    /// Whether the variance is `E[x²] - E[x]²` (one pass, less precise)
    /// instead of `E[(x - E[x])²]`.
    public let useFastVariance: Bool
    /// The axes the parameters vary along, as given (nil: the last axis).
    public let paramAxis: Axes?
    let scaleInit: (any Initializer)?
    let offsetInit: (any Initializer)?

    /// A layer norm.
    ///
    /// - Parameters:
    ///   - axis: the axes to normalize over: an integer, an array, or a
    ///     range (see ``Axes``).
    ///   - createScale: whether to create a trainable `scale`.
    ///   - createOffset: whether to create a trainable `offset`.
    ///   - eps: added to the variance (default `1e-5`).
    ///   - scaleInit: the initializer of `scale` (default ones); only with `createScale`.
    ///   - offsetInit: the initializer of `offset` (default zeros); only with `createOffset`.
    ///   - useFastVariance: compute the variance as `E[x²] - E[x]²`.
    ///   - paramAxis: the axes the parameters vary along (default the last).
    ///   - name: the module's name (default `layer_norm`).
    public init(axis: some AxesConvertible, createScale: Bool, createOffset: Bool, eps: Double = 1e-5,
                scaleInit: (any Initializer)? = nil, offsetInit: (any Initializer)? = nil,
                useFastVariance: Bool = false, paramAxis: (any AxesConvertible)? = nil, name: ModuleName = nil) {
        (self.axis, self.createScale, self.createOffset, self.eps) = (axis.axes, createScale, createOffset, eps)
        (self.scaleInit, self.offsetInit, self.useFastVariance) = (scaleInit, offsetInit, useFastVariance)
        self.paramAxis = paramAxis?.axes
        super.init(name: name)
    }

    /// `axis`, `createScale`, `createOffset`, then `eps`, `useFastVariance`
    /// and `paramAxis` where they differ from Haiku's defaults.
    public override var configuration: [String] {
        ["axis: \(axis)", "createScale: \(createScale)", "createOffset: \(createOffset)"]
            + (eps == 1e-5 ? [] : ["eps: \(eps)"]) + (useFastVariance ? ["useFastVariance: true"] : [])
            + (paramAxis.map { ["paramAxis: \($0)"] } ?? [])
    }

    /// The normalized input, of the input's shape.
    ///
    /// - Parameters:
    ///   - inputs: the input, `[N, ..., C]`.
    ///   - scale: a scale broadcastable to the input; only without `createScale`.
    ///   - offset: an offset broadcastable to the input; only without `createOffset`.
    ///
    /// Errors (reported by `initialize`/`apply`, naming the module): an
    /// initializer for a parameter that is not created, a scale or offset
    /// passed while the module creates its own, axes that select no axis of
    /// the input (Haiku would return the offset), a list of axes on a scalar.
    public func callAsFunction(_ inputs: Tensor, scale: Tensor? = nil, offset: Tensor? = nil) -> Tensor {
        method(inputs, scale, offset) { inputs, scale, offset in
            reportingErrors(inputs) { () throws(HaikuError) in
                try checkConfiguration()
                try Normalization.checkCallArguments(createScale: createScale, scale: scale,
                                                     createOffset: createOffset, offset: offset)
                let axes = try normalizedAxes.wrapped(rank: inputs.rank)
                guard !axes.isEmpty else {
                    throw HaikuError.invalidArgument(
                        "empty axis set: axis \(normalizedAxes) selects no axis of an input of shape \(inputs.shape)",
                        location: nil)
                }
                let shape = try Normalization.parameterShape(inputs.shape, paramAxis: parameterAxes)
                let dtype = inputs.dtype
                let scale = createScale ? parameter("scale", shape: shape, dtype: dtype, init: scaleInit ?? Constant(1))
                    : scale ?? Tensor(1, dtype: dtype)
                let offset = createOffset ? parameter("offset", shape: shape, dtype: dtype, init: offsetInit ?? Constant(0))
                    : offset ?? Tensor(0, dtype: dtype)
                return Normalization.layerNormalized(inputs, axes: axes, fastVariance: useFastVariance, eps: eps,
                                                     scale: scale, offset: offset)
            }
        }
    }

    /// The axes normalized over (``InstanceNorm``'s come from its data format).
    var normalizedAxes: Axes { axis }

    /// The axes the parameters vary along.
    var parameterAxes: Axes { paramAxis ?? -1 }

    /// Haiku's constructor checks, made when the module is called.
    func checkConfiguration() throws(HaikuError) {
        try Normalization.checkInitializers(createScale: createScale, scaleInit: scaleInit,
                                            createOffset: createOffset, offsetInit: offsetInit)
    }
}

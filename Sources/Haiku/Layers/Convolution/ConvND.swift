/// An N-dimensional convolution (`hk.ConvND`), with strides, dilation
/// (`rate`), padding, groups and an optional weight mask.
///
/// Parameters: `w` of shape `kernelShape + [inChannels / featureGroupCount,
/// outputChannels]` (default `TruncatedNormal(stddev: 1/√fanIn)`, `fanIn`
/// the product of all but its last dimension) and `b` of shape
/// `[outputChannels]`, or `[outputChannels, 1, ...]` for channels first
/// (default zeros), both in the input's dtype.
///
/// The input is `[N, spatial..., C]` (or `[N, C, spatial...]` channels
/// first), or the same without `N` (unbatched).
public class ConvND: ConvolutionLayer, UnaryLayer {
    /// The number of output channels.
    public let outputChannels: Int
    /// The kernel's dilation, as given (1: no dilation).
    public let rate: SpatialShape
    /// The weight mask, multiplied into `w`; nil for none.
    public let mask: Tensor?
    /// How many groups the input channels are split into.
    public let featureGroupCount: Int

    /// A convolution over `numSpatialDims` spatial dimensions; see
    /// ``Conv2D/init(outputChannels:kernelShape:stride:rate:padding:withBias:wInit:bInit:dataFormat:mask:featureGroupCount:name:)``
    /// for the arguments.
    public init(numSpatialDims: Int, outputChannels: Int, kernelShape: SpatialShape, stride: SpatialShape = 1,
                rate: SpatialShape = 1, padding: ConvPadding = .same, withBias: Bool = true,
                wInit: (any Initializer)? = nil, bInit: (any Initializer)? = nil,
                dataFormat: DataFormat = .channelsLast, mask: Tensor? = nil, featureGroupCount: Int = 1,
                name: ModuleName = nil) {
        (self.outputChannels, self.rate, self.mask, self.featureGroupCount) = (outputChannels, rate, mask, featureGroupCount)
        super.init(numSpatialDims: numSpatialDims, kernelShape: kernelShape,
                   stride: stride, padding: padding, withBias: withBias, wInit: wInit, bInit: bInit,
                   dataFormat: dataFormat, name: name)
    }

    /// The shared entries (see ``ConvolutionLayer/configuration``), then
    /// `numSpatialDims` for ``ConvND`` itself, `rate`, a mask and the group count when given.
    public override var configuration: [String] {
        var entries = super.configuration
        if rate != 1 { entries.append("rate: \(rate)") }
        if let mask { entries.append("mask: \(mask.type)") }
        if featureGroupCount != 1 { entries.append("featureGroupCount: \(featureGroupCount)") }
        return entries
    }

    override var familyName: String { "ConvND" }

    override var leadingConfiguration: [String] {
        (type(of: self) == ConvND.self ? ["numSpatialDims: \(numSpatialDims)"] : []) + ["outputChannels: \(outputChannels)"]
    }

    /// The convolution of `inputs` (rank `numSpatialDims + 1` or `+ 2`).
    ///
    /// Errors (reported by `initialize`/`apply`, naming the module): another
    /// rank, input channels not divisible by `featureGroupCount`, a mask of
    /// another shape than `w`, an unknown data format, a kernel shape,
    /// stride, rate or padding list of the wrong length.
    public func callAsFunction(_ inputs: Tensor) -> Tensor {
        method(inputs) { inputs in
            convolve(inputs, acceptsUnbatched: true) { call throws(HaikuError) in
                let inputChannels = call.inputChannels
                guard featureGroupCount > 0, inputChannels % featureGroupCount == 0 else {
                    throw HaikuError.invalidArgument(
                        "Inputs channels \(inputChannels) should be a multiple of feature_group_count \(featureGroupCount)",
                        location: nil)
                }
                let rate = try rate.replicated(numSpatialDims, name: "kernel_dilation")
                let padding = try padding.resolved(kernel: call.kernel, rate: rate, n: numSpatialDims)
                let shape = call.kernel + [inputChannels / featureGroupCount, outputChannels]
                let w = try weight(shape, dtype: call.inputs.dtype, mask: mask)
                let output = convGeneralDilated(
                    call.inputs, w, windowStrides: call.stride, padding: padding, rhsDilation: rate,
                    dimensionNumbers: dimensionNumbers(channelsLast: call.channelsLast, kernelFeatures: "IO"),
                    featureGroupCount: featureGroupCount)
                return addingBias(output, channels: outputChannels, channelsLast: call.channelsLast)
            }
        }
    }
}

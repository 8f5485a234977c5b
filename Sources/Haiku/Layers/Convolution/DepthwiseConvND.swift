/// A depthwise convolution (`hk.DepthwiseConvND`): each input channel
/// convolved with its own `channelMultiplier` filters, giving
/// `channelMultiplier × C` output channels (a grouped convolution with one
/// group per input channel).
///
/// Parameters: `w` of shape `kernelShape + [1, channelMultiplier × C]`
/// (default `TruncatedNormal(stddev: 1/√fanIn)`, `fanIn` the kernel's size)
/// and `b` of shape `[channelMultiplier × C]`, or with a trailing 1 per spatial
/// dimension for channels first (default zeros), both in the input's dtype.
/// As in Haiku, the input must be batched (rank `numSpatialDims + 2`).
public class DepthwiseConvND: ConvolutionLayer, UnaryLayer {
    /// How many filters each input channel gets.
    public let channelMultiplier: Int
    /// The kernel's dilation, as given.
    public let rate: SpatialShape

    /// A depthwise convolution over `numSpatialDims` spatial dimensions; see
    /// ``DepthwiseConv2D/init(channelMultiplier:kernelShape:stride:rate:padding:withBias:wInit:bInit:dataFormat:name:)``.
    public init(channelMultiplier: Int, kernelShape: SpatialShape, numSpatialDims: Int, dataFormat: DataFormat,
                stride: SpatialShape = 1, rate: SpatialShape = 1, padding: ConvPadding = .same, withBias: Bool = true,
                wInit: (any Initializer)? = nil, bInit: (any Initializer)? = nil, name: ModuleName = nil) {
        (self.channelMultiplier, self.rate) = (channelMultiplier, rate)
        super.init(numSpatialDims: numSpatialDims, kernelShape: kernelShape, stride: stride, padding: padding,
                   withBias: withBias, wInit: wInit, bInit: bInit, dataFormat: dataFormat, name: name)
    }

    /// The shared entries (see ``ConvolutionLayer/configuration``), then `rate` when given.
    public override var configuration: [String] {
        super.configuration + (rate != 1 ? ["rate: \(rate)"] : [])
    }

    override var familyName: String { "DepthwiseConvND" }

    override var leadingConfiguration: [String] {
        (type(of: self) == DepthwiseConvND.self ? ["numSpatialDims: \(numSpatialDims)"] : [])
            + ["channelMultiplier: \(channelMultiplier)"]
    }

    /// The depthwise convolution of `inputs` (rank `numSpatialDims + 2`).
    ///
    /// Errors (reported by `initialize`/`apply`, naming the module): another
    /// rank, an unknown data format, padding other than `.same`, `.valid`
    /// or one pair per dimension, a kernel shape, stride or rate list of
    /// the wrong length.
    public func callAsFunction(_ inputs: Tensor) -> Tensor {
        method(inputs) { inputs in
            convolve(inputs, acceptsUnbatched: false) { call throws(HaikuError) in
                let channels = call.inputChannels
                let rate = try rate.replicated(numSpatialDims, name: "rhs_dilation")
                let w = try weight(call.kernel + [1, channelMultiplier * channels], dtype: call.inputs.dtype, mask: nil)
                let output = convGeneralDilated(
                    call.inputs, w, windowStrides: call.stride, padding: try padding.passedToLax(n: numSpatialDims),
                    rhsDilation: rate,
                    dimensionNumbers: dimensionNumbers(channelsLast: call.channelsLast, kernelFeatures: "IO"),
                    featureGroupCount: channels)
                return addingBias(output, channels: channelMultiplier * channels, channelsLast: call.channelsLast)
            }
        }
    }
}

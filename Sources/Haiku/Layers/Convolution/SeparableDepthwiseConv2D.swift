/// A separable depthwise convolution (`hk.SeparableDepthwiseConv2D`): a
/// `kernelShape[0] × 1` depthwise convolution with `channelMultiplier` and
/// `stride`, then a `1 × kernelShape[1]` one with multiplier 1 and stride 1,
/// which alone adds the bias.
///
/// Parameters (Haiku's names): `…/~/depthwise_conv2_d` `w` of shape
/// `[k0, 1, 1, m × C]`; `…/~/depthwise_conv2_d_1` `w` of shape
/// `[1, k1, 1, m × C]` and `b` of shape `[m × C]`.
public final class SeparableDepthwiseConv2D: Module, UnaryLayer {
    /// The first convolution, along the height.
    public let first: DepthwiseConv2D
    /// The second convolution, along the width.
    public let second: DepthwiseConv2D
    /// How many filters each input channel gets.
    public let channelMultiplier: Int
    /// The kernel shape, as given.
    public let kernelShape: SpatialShape
    /// The first convolution's stride, as given.
    public let stride: SpatialShape

    /// A separable depthwise convolution; the arguments are those of
    /// ``DepthwiseConv2D/init(channelMultiplier:kernelShape:stride:rate:padding:withBias:wInit:bInit:dataFormat:name:)``
    /// without `rate`. A kernel shape of neither one nor two entries is
    /// reported by the first call.
    public init(channelMultiplier: Int, kernelShape: SpatialShape, stride: SpatialShape = 1,
                padding: ConvPadding = .same, withBias: Bool = true, wInit: (any Initializer)? = nil,
                bInit: (any Initializer)? = nil, dataFormat: DataFormat = .nhwc, name: ModuleName = nil) {
        let kernel = try? kernelShape.replicated(2, name: "kernel_shape")
        first = DepthwiseConv2D(channelMultiplier: channelMultiplier, kernelShape: kernel.map { .perDimension([$0[0], 1]) } ?? kernelShape,
                                stride: stride, padding: padding, withBias: false, wInit: wInit, bInit: bInit,
                                dataFormat: dataFormat)
        second = DepthwiseConv2D(channelMultiplier: 1, kernelShape: kernel.map { .perDimension([1, $0[1]]) } ?? kernelShape,
                                 stride: 1, padding: padding, withBias: withBias, wInit: wInit, bInit: bInit,
                                 dataFormat: dataFormat)
        (self.channelMultiplier, self.kernelShape, self.stride) = (channelMultiplier, kernelShape, stride)
        super.init(name: name)
    }

    /// `channelMultiplier` and `kernelShape`, then the arguments that differ from Haiku's defaults.
    /// (The second convolution lists the padding, bias and data format.)
    public override var configuration: [String] {
        ["channelMultiplier: \(channelMultiplier)", "kernelShape: \(kernelShape)"]
            + (stride != 1 ? ["stride: \(stride)"] : []) + second.configuration.dropFirst(2)
    }

    /// The two convolutions applied to `inputs` (rank 4).
    public func callAsFunction(_ inputs: Tensor) -> Tensor {
        method(inputs) { inputs in second(first(inputs)) }
    }
}

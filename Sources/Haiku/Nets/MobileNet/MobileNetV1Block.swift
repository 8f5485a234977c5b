/// One block of ``MobileNetV1`` (Haiku's `MobileNetV1Block`): a 3x3
/// depthwise convolution (`depthwise_conv`, padding 1, the block's stride),
/// then a 1x1 convolution to `channels` (`pointwise_conv`), each followed
/// by batch normalization (`batch_norm`, `batch_norm_1`; decay 0.999,
/// scale and offset) when `useBN`, and a ReLU. Without batch
/// normalization both convolutions have biases.
public final class MobileNetV1Block: Module {
    /// The pointwise convolution's output channels.
    public let channels: Int
    /// The depthwise convolution's stride.
    public let stride: Int
    /// Whether each convolution is followed by batch normalization.
    public let useBN: Bool

    /// A block with `channels` outputs.
    public init(channels: Int, stride: Int, useBN: Bool = true, name: ModuleName = nil) {
        (self.channels, self.stride, self.useBN) = (channels, stride, useBN)
        super.init(name: name)
    }

    /// `channels: 64, stride: 1`, and `useBN: false` when so.
    public override var configuration: [String] {
        ["channels: \(channels)", "stride: \(stride)"] + (useBN ? [] : ["useBN: false"])
    }

    /// The block applied to `inputs` `[N, H, W, C]`; `isTraining` is
    /// passed to the batch normalizations.
    public func callAsFunction(_ inputs: Tensor, isTraining: Bool) -> Tensor {
        method(inputs, isTraining) { inputs, isTraining in
            let depthwise = DepthwiseConv2D(channelMultiplier: 1, kernelShape: 3, stride: .uniform(stride),
                                            padding: .explicit([(1, 1), (1, 1)]), withBias: !useBN,
                                            name: "depthwise_conv")
            let pointwise = Conv2D(outputChannels: channels, kernelShape: 1, stride: 1, padding: .valid,
                                   withBias: !useBN, name: "pointwise_conv")
            let normalized = MobileNetV1.normalizedReLU(depthwise(inputs), useBN: useBN, isTraining: isTraining)
            return MobileNetV1.normalizedReLU(pointwise(normalized), useBN: useBN, isTraining: isTraining)
        }
    }
}

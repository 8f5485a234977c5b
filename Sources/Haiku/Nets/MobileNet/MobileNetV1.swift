/// MobileNet V1 (`hk.nets.MobileNetV1`, https://arxiv.org/abs/1704.04861):
/// a 3x3 convolution to 32 channels (stride 2, no padding), then one
/// ``MobileNetV1Block`` (depthwise then pointwise convolution) per entry
/// of `strides` and `channels`, a mean over the spatial axes and a
/// `Linear` layer to `numClasses` (`logits`).
///
/// ```swift
/// let net = MobileNetV1(numClasses: 10)
/// let logits = net(images, isTraining: true)   // images: [N, 32, 32, 3] → [N, 10]
/// ```
///
/// With the default strides a 224x224 input ends at 7x7x1024 before the
/// mean, a 32x32 one at 1x1x1024. Names as Haiku's (made in the call, so
/// without `~`): `mobile_net_v1/conv2_d`, `mobile_net_v1/batch_norm`,
/// `mobile_net_v1/mobile_net_v1_block_3/depthwise_conv`, ..., `mobile_net_v1/logits`. With `useBN` every convolution is
/// followed by a ``BatchNorm`` (decay 0.999, scale and offset: state in
/// its `mean_ema` and `var_ema`) and has no bias; without it, the
/// convolutions have biases. `strides` and `channels` of different
/// lengths are an error when the network is called.
public final class MobileNetV1: Module {
    /// The depthwise convolution's stride in each block.
    public let strides: [Int]
    /// The pointwise convolution's output channels in each block.
    public let channels: [Int]
    /// The number of logits.
    public let numClasses: Int
    /// Whether each convolution is followed by batch normalization.
    public let useBN: Bool

    /// Haiku's default strides: 224x224 inputs end at 7x7.
    public static let defaultStrides = [1, 2, 1, 2, 1, 2, 1, 1, 1, 1, 1, 2, 1]
    /// Haiku's default channels.
    public static let defaultChannels = [64, 128, 128, 256, 256, 512, 512, 512, 512, 512, 512, 1024, 1024]

    /// A network with `numClasses` logits.
    public init(strides: [Int] = MobileNetV1.defaultStrides, channels: [Int] = MobileNetV1.defaultChannels,
                numClasses: Int = 1000, useBN: Bool = true, name: ModuleName = nil) {
        (self.strides, self.channels, self.numClasses, self.useBN) = (strides, channels, numClasses, useBN)
        super.init(name: name)
    }

    /// `numClasses: 1000`, and the strides, channels and `useBN: false`
    /// when they differ from Haiku's defaults.
    public override var configuration: [String] {
        ["numClasses: \(numClasses)"]
            + (strides == Self.defaultStrides ? [] : ["strides: \(strides)"])
            + (channels == Self.defaultChannels ? [] : ["channels: \(channels)"])
            + (useBN ? [] : ["useBN: false"])
    }

    /// The logits `[N, numClasses]` of images `[N, H, W, C]`; `isTraining`
    /// is passed to the batch normalizations (batch statistics and updated
    /// moving averages when true).
    public func callAsFunction(_ inputs: Tensor, isTraining: Bool) -> Tensor {
        method(inputs, isTraining) { inputs, isTraining in
            guard strides.count == channels.count else {
                return invalidArgument("`strides` (\(strides.count)) and `channels` (\(channels.count)) must have the same length")
                    .poisoned(TensorType(inputs.dtype, [inputs.shape.first ?? 1, numClasses]))
            }
            let initialConv = Conv2D(outputChannels: 32, kernelShape: 3, stride: 2, padding: .valid, withBias: !useBN)
            var out = Self.normalizedReLU(initialConv(inputs), useBN: useBN, isTraining: isTraining)
            for (blockChannels, stride) in zip(channels, strides) {
                out = MobileNetV1Block(channels: blockChannels, stride: stride, useBN: useBN)(out, isTraining: isTraining)
            }
            out = Flatten()(out.mean(axes: [1, 2]))
            return Linear(numClasses, name: "logits")(out)
        }
    }

    /// `relu(BatchNorm(x))` with a new batch normalization (decay 0.999,
    /// scale and offset) when `useBN`, `relu(x)` otherwise.
    static func normalizedReLU(_ x: Tensor, useBN: Bool, isTraining: Bool) -> Tensor {
        guard useBN else { return relu(x) }
        return relu(BatchNorm(createScale: true, createOffset: true, decayRate: 0.999)(x, isTraining: isTraining))
    }
}

extension ResNet {
    /// A residual block a ``BlockGroup`` stacks: ``BlockV1`` or ``BlockV2``.
    public protocol Block: Module {
        /// The block applied to `inputs` `[N, H, W, C]`, its batch norms in
        /// training mode or not, with local statistics in evaluation when
        /// `testLocalStats`.
        func callAsFunction(_ inputs: Tensor, isTraining: Bool, testLocalStats: Bool) -> Tensor
    }

    /// One convolution of a block and the batch norm that goes with it.
    struct ConvAndNorm {
        let conv: Conv2D
        let norm: BatchNorm
    }

    /// What the two block versions share: a block's layers, built in
    /// Haiku's order (a projection convolution first when asked, then
    /// `conv_0`/`batchnorm_0`, `conv_1`/`batchnorm_1`, and with a
    /// bottleneck `conv_2`/`batchnorm_2`).
    struct BlockLayers {
        /// The 1x1 `shortcut_conv` with the block's stride, when projecting.
        let projection: Conv2D?
        /// The block's convolutions and batch norms, in order.
        let layers: [ConvAndNorm]

        /// The layers of a block with `channels` outputs. With a bottleneck
        /// the first two convolutions have `channels / 4` outputs and the
        /// second takes the stride; otherwise both are 3x3 and the first
        /// does. `projectionNorm` is made right after the projection
        /// convolution (V1's `shortcut_batchnorm`); `lastScaleInit` goes to
        /// the bottleneck's last batch norm.
        init(_ arguments: BlockArguments, lastScaleInit: (any Initializer)?, projectionNorm: () -> Void = {}) {
            let (channels, stride, bottleneck, bnConfig) =
                (arguments.channels, arguments.stride, arguments.bottleneck, arguments.bnConfig)
            projection = arguments.useProjection ? Self.conv(channels, kernel: 1, stride: stride, name: "shortcut_conv") : nil
            if arguments.useProjection { projectionNorm() }
            let inner = bottleneck ? channels / 4 : channels
            var layers = [
                ConvAndNorm(conv: Self.conv(inner, kernel: bottleneck ? 1 : 3, stride: bottleneck ? 1 : stride, name: "conv_0"),
                            norm: bnConfig.batchNorm(name: "batchnorm_0")),
                ConvAndNorm(conv: Self.conv(inner, kernel: 3, stride: bottleneck ? stride : 1, name: "conv_1"),
                            norm: bnConfig.batchNorm(name: "batchnorm_1")),
            ]
            if bottleneck {
                layers.append(ConvAndNorm(conv: Self.conv(channels, kernel: 1, stride: 1, name: "conv_2"),
                                          norm: bnConfig.batchNorm(name: "batchnorm_2", scaleInit: lastScaleInit)))
            }
            self.layers = layers
        }

        /// A convolution without bias and with `.same` padding, as every block's.
        private static func conv(_ channels: Int, kernel: SpatialShape, stride: SpatialShape, name: String) -> Conv2D {
            Conv2D(outputChannels: channels, kernelShape: kernel, stride: stride, padding: .same, withBias: false,
                   name: ModuleName(name))
        }
    }
}

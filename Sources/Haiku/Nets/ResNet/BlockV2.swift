extension ResNet {
    /// A ResNet V2 (pre-activation) residual block
    /// (`hk.nets.ResNet.BlockV2`): each convolution preceded by batch norm
    /// and `relu`, the result added to the shortcut (no final `relu`).
    ///
    /// Submodules: `shortcut_conv` (with `useProjection`; it sees the first
    /// batch norm's activation), `conv_0`, `batchnorm_0`, `conv_1`,
    /// `batchnorm_1`, and with `bottleneck` `conv_2` and `batchnorm_2`.
    public final class BlockV2: Module, Block {
        /// The number of output channels.
        public let channels: Int
        /// The block's stride.
        public let stride: SpatialShape
        /// Whether the shortcut is a 1x1 convolution.
        public let useProjection: Bool
        /// Whether the block is a 1x1, 3x3, 1x1 bottleneck.
        public let bottleneck: Bool
        /// The batch norms' configuration, with this block's defaults filled.
        public let bnConfig: BatchNormConfig
        let layers: BlockLayers

        /// A block; `bnConfig` must give a `decayRate` (Haiku's `BatchNorm`
        /// has no default; without one the call is an error naming the
        /// block), its `create` flags default to true.
        public init(channels: Int, stride: SpatialShape, useProjection: Bool, bnConfig: BatchNormConfig,
                    bottleneck: Bool, name: ModuleName = nil) {
            let config = bnConfig.filling(createScale: true, createOffset: true)
            (self.channels, self.stride, self.useProjection, self.bottleneck) = (channels, stride, useProjection, bottleneck)
            self.bnConfig = config
            layers = BlockLayers(channels: channels, stride: stride, useProjection: useProjection, bottleneck: bottleneck,
                                 bnConfig: config, lastScaleInit: nil)
            super.init(name: name)
        }

        /// `channels: 64, stride: 1, useProjection: false, bottleneck: false`
        /// and the batch norm configuration.
        public override var configuration: [String] {
            ["channels: \(channels)", "stride: \(stride)", "useProjection: \(useProjection)",
             "bnConfig: [\(bnConfig)]", "bottleneck: \(bottleneck)"]
        }

        /// The block applied to `inputs`.
        public func callAsFunction(_ inputs: Tensor, isTraining: Bool, testLocalStats: Bool = false) -> Tensor {
            method(inputs, isTraining, testLocalStats) { inputs, isTraining, testLocalStats in
                if let problem = bnConfig.problem { return invalidArgument(problem).poisoned(inputs.type) }
                var shortcut = inputs
                var output = inputs
                for (index, layer) in layers.layers.enumerated() {
                    output = relu(layer.norm(output, isTraining: isTraining, testLocalStats: testLocalStats))
                    if index == 0, let projection = layers.projection { shortcut = projection(output) }
                    output = layer.conv(output)
                }
                return output + shortcut
            }
        }
    }
}

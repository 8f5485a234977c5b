extension ResNet {
    /// A ResNet V1 residual block (`hk.nets.ResNet.BlockV1`): each
    /// convolution followed by batch norm and `relu` (none after the last),
    /// added to the shortcut, then `relu`.
    ///
    /// Submodules: `shortcut_conv` and `shortcut_batchnorm` (with
    /// `useProjection`), `conv_0`, `batchnorm_0`, `conv_1`, `batchnorm_1`,
    /// and with `bottleneck` `conv_2` and `batchnorm_2`, whose scale starts
    /// at zero (each block then starts as the identity).
    public final class BlockV1: Module, Block {
        /// The number of output channels.
        public let channels: Int
        /// The block's stride.
        public let stride: SpatialShape
        /// Whether the shortcut is a 1x1 convolution and batch norm.
        public let useProjection: Bool
        /// Whether the block is a 1x1, 3x3, 1x1 bottleneck.
        public let bottleneck: Bool
        /// The batch norms' configuration, with this block's defaults filled.
        public let bnConfig: BatchNormConfig
        let layers: BlockLayers
        let projectionNorm: BatchNorm?

        /// A block; `bnConfig`'s missing fields default to `decayRate: 0.999`
        /// and both `create` flags true.
        public init(channels: Int, stride: SpatialShape, useProjection: Bool, bnConfig: BatchNormConfig,
                    bottleneck: Bool, name: ModuleName = nil) {
            let config = bnConfig.filling(decayRate: 0.999, createScale: true, createOffset: true)
            (self.channels, self.stride, self.useProjection, self.bottleneck) = (channels, stride, useProjection, bottleneck)
            self.bnConfig = config
            var norm: BatchNorm?
            layers = BlockLayers(channels: channels, stride: stride, useProjection: useProjection, bottleneck: bottleneck,
                                 bnConfig: config, lastScaleInit: Constant(0)) {
                norm = config.batchNorm(name: "shortcut_batchnorm")
            }
            projectionNorm = norm
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
                var shortcut = inputs
                if let projection = layers.projection, let projectionNorm {
                    shortcut = projectionNorm(projection(shortcut), isTraining: isTraining, testLocalStats: testLocalStats)
                }
                var output = inputs
                for (index, layer) in layers.layers.enumerated() {
                    output = layer.norm(layer.conv(output), isTraining: isTraining, testLocalStats: testLocalStats)
                    if index < layers.layers.count - 1 { output = relu(output) }
                }
                return relu(output + shortcut)
            }
        }
    }
}

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
        /// The arguments it was made with (its batch norm configuration with the defaults filled).
        public let arguments: BlockArguments
        let layers: BlockLayers
        let projectionNorm: BatchNorm?

        /// A block; `bnConfig`'s missing fields default to `decayRate: 0.999`
        /// and both `create` flags true.
        public init(channels: Int, stride: SpatialShape, useProjection: Bool, bnConfig: BatchNormConfig,
                    bottleneck: Bool, name: ModuleName = nil) {
            let config = bnConfig.filling(decayRate: 0.999, createScale: true, createOffset: true)
            arguments = BlockArguments(channels: channels, stride: stride, useProjection: useProjection,
                                       bottleneck: bottleneck, bnConfig: config)
            var norm: BatchNorm?
            layers = BlockLayers(arguments, lastScaleInit: Constant(0)) {
                norm = config.batchNorm(name: "shortcut_batchnorm")
            }
            projectionNorm = norm
            super.init(name: name)
        }

        /// The arguments, e.g. `channels: 64, stride: 1, useProjection: false, bnConfig: [...], bottleneck: false`.
        public override var configuration: [String] { arguments.configuration }

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

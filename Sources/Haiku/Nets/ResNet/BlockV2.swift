extension ResNet {
    /// A ResNet V2 (pre-activation) residual block
    /// (`hk.nets.ResNet.BlockV2`): each convolution preceded by batch norm
    /// and `relu`, the result added to the shortcut (no final `relu`).
    ///
    /// Submodules: `shortcut_conv` (with `useProjection`; it sees the first
    /// batch norm's activation), `conv_0`, `batchnorm_0`, `conv_1`,
    /// `batchnorm_1`, and with `bottleneck` `conv_2` and `batchnorm_2`.
    public final class BlockV2: Module, Block {
        /// The arguments it was made with (its batch norm configuration with the defaults filled).
        public let arguments: BlockArguments
        let layers: BlockLayers

        /// A block; `bnConfig` must give a `decayRate` (Haiku's `BatchNorm`
        /// has no default; without one the call is an error naming the
        /// block), its `create` flags default to true.
        public init(channels: Int, stride: SpatialShape, useProjection: Bool, bnConfig: BatchNormConfig,
                    bottleneck: Bool, name: ModuleName = nil) {
            let config = bnConfig.filling(createScale: true, createOffset: true)
            arguments = BlockArguments(channels: channels, stride: stride, useProjection: useProjection,
                                       bottleneck: bottleneck, bnConfig: config)
            layers = BlockLayers(arguments, lastScaleInit: nil)
            super.init(name: name)
        }

        /// The arguments, e.g. `channels: 64, stride: 1, useProjection: false, bnConfig: [...], bottleneck: false`.
        public override var configuration: [String] { arguments.configuration }

        /// The block applied to `inputs`.
        public func callAsFunction(_ inputs: Tensor, isTraining: Bool, testLocalStats: Bool = false) -> Tensor {
            method(inputs, isTraining, testLocalStats) { inputs, isTraining, testLocalStats in
                if let problem = arguments.bnConfig.problem { return invalidArgument(problem).poisoned(inputs.type) }
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

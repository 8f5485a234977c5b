extension ResNet {
    /// A stage of a ResNet (`hk.nets.ResNet.BlockGroup`): `numBlocks`
    /// blocks named `block_0`, `block_1`, ..., the first with the group's
    /// stride and (with `useProjection`) a projection shortcut, the others
    /// with stride 1 and the identity shortcut.
    public final class BlockGroup: Module {
        /// The group's blocks, first to last.
        public let blocks: [any Block]
        /// The number of output channels of every block.
        public let channels: Int
        /// The first block's stride.
        public let stride: SpatialShape
        /// Whether the blocks are ``BlockV2`` (else ``BlockV1``).
        public let resnetV2: Bool
        /// Whether the blocks are bottlenecks.
        public let bottleneck: Bool
        /// Whether the first block projects its shortcut.
        public let useProjection: Bool

        /// A group of `numBlocks` blocks (none when it is zero or less, as
        /// Haiku's `range`).
        public init(channels: Int, numBlocks: Int, stride: SpatialShape, bnConfig: BatchNormConfig, resnetV2: Bool,
                    bottleneck: Bool, useProjection: Bool, name: ModuleName = nil) {
            (self.channels, self.stride, self.resnetV2) = (channels, stride, resnetV2)
            (self.bottleneck, self.useProjection) = (bottleneck, useProjection)
            blocks = (0..<max(numBlocks, 0)).map { index -> any Block in
                let (stride, useProjection): (SpatialShape, Bool) = index == 0 ? (stride, useProjection) : (1, false)
                return resnetV2
                    ? BlockV2(channels: channels, stride: stride, useProjection: useProjection, bnConfig: bnConfig,
                              bottleneck: bottleneck, name: "block_\(index)")
                    : BlockV1(channels: channels, stride: stride, useProjection: useProjection, bnConfig: bnConfig,
                              bottleneck: bottleneck, name: "block_\(index)")
            }
            super.init(name: name)
        }

        /// `channels: 64, numBlocks: 2, stride: 1, resnetV2: false, bottleneck: false, useProjection: false`.
        public override var configuration: [String] {
            ["channels: \(channels)", "numBlocks: \(blocks.count)", "stride: \(stride)", "resnetV2: \(resnetV2)",
             "bottleneck: \(bottleneck)", "useProjection: \(useProjection)"]
        }

        /// The blocks applied in turn.
        public func callAsFunction(_ inputs: Tensor, isTraining: Bool, testLocalStats: Bool = false) -> Tensor {
            method(inputs, isTraining, testLocalStats) { inputs, isTraining, testLocalStats in
                blocks.reduce(inputs) { $1($0, isTraining: isTraining, testLocalStats: testLocalStats) }
            }
        }
    }
}

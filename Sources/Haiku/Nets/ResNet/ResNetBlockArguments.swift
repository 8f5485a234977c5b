extension ResNet {
    /// The arguments a ``BlockV1`` or ``BlockV2`` was made with.
    public struct BlockArguments: Sendable, Equatable {
        /// The number of output channels.
        public let channels: Int
        /// The block's stride.
        public let stride: SpatialShape
        /// Whether the shortcut is projected (a 1x1 convolution, in V1 with a batch norm).
        public let useProjection: Bool
        /// Whether the block is a 1x1, 3x3, 1x1 bottleneck.
        public let bottleneck: Bool
        /// The batch norms' configuration, with the block's defaults filled.
        public let bnConfig: BatchNormConfig

        /// The entries a block's description shows:
        /// `channels: 64, stride: 1, useProjection: false, bnConfig: [...], bottleneck: false`.
        var configuration: [String] {
            ["channels: \(channels)", "stride: \(stride)", "useProjection: \(useProjection)",
             "bnConfig: [\(bnConfig)]", "bottleneck: \(bottleneck)"]
        }
    }
}

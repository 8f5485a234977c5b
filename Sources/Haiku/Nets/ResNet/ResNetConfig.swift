extension ResNet {
    /// The layout of one of the standard ResNets (an entry of Haiku's
    /// `ResNet.CONFIGS`): blocks and channels per group, bottleneck blocks or
    /// not, and which groups project their shortcut.
    public struct Config: Sendable, Equatable {
        /// The number of blocks in each of the four groups.
        public let blocksPerGroup: [Int]
        /// Whether the blocks are 1x1, 3x3, 1x1 bottlenecks.
        public let bottleneck: Bool
        /// The output channels of each group.
        public let channelsPerGroup: [Int]
        /// Whether each group's first block projects its shortcut.
        public let useProjection: [Bool]
    }

    /// The standard ResNets by depth, 18, 34, 50, 101, 152 and 200
    /// (`ResNet.CONFIGS`).
    public static let configs: [Int: Config] = [
        18: .resnet18, 34: .resnet34, 50: .resnet50, 101: .resnet101, 152: .resnet152, 200: .resnet200,
    ]
}

extension ResNet.Config {
    /// ResNet18's: 2, 2, 2, 2 basic blocks.
    public static let resnet18 = basic([2, 2, 2, 2])
    /// ResNet34's: 3, 4, 6, 3 basic blocks.
    public static let resnet34 = basic([3, 4, 6, 3])
    /// ResNet50's: 3, 4, 6, 3 bottleneck blocks.
    public static let resnet50 = bottlenecks([3, 4, 6, 3])
    /// ResNet101's: 3, 4, 23, 3 bottleneck blocks.
    public static let resnet101 = bottlenecks([3, 4, 23, 3])
    /// ResNet152's: 3, 8, 36, 3 bottleneck blocks.
    public static let resnet152 = bottlenecks([3, 8, 36, 3])
    /// ResNet200's: 3, 24, 36, 3 bottleneck blocks.
    public static let resnet200 = bottlenecks([3, 24, 36, 3])

    /// Basic (two 3x3) blocks of 64, 128, 256, 512 channels, projecting in
    /// all groups but the first.
    private static func basic(_ blocks: [Int]) -> Self {
        Self(blocksPerGroup: blocks, bottleneck: false, channelsPerGroup: [64, 128, 256, 512],
             useProjection: [false, true, true, true])
    }

    /// Bottleneck blocks of 256, 512, 1024, 2048 channels, projecting in every group.
    private static func bottlenecks(_ blocks: [Int]) -> Self {
        Self(blocksPerGroup: blocks, bottleneck: true, channelsPerGroup: [256, 512, 1024, 2048],
             useProjection: [true, true, true, true])
    }
}

import Haiku

/// A V1 ResNet of basic blocks for small images such as Fashion-MNIST's
/// `[B, 28, 28, 1]`, as Haiku users adapt `hk.nets.ResNet18` to them: the
/// CIFAR stem (a 3x3 stride-1 convolution instead of 7x7 stride 2; Haiku's
/// 3x3 stride-2 max pool stays, as it is no option), so that the block
/// groups run at 14x14, 7x7, 4x4 and 2x2. Haiku's names: `res_net18/~/...` for
/// ``resnet18`` (`hk.nets.ResNet18`), `res_net/~/...` for other layouts (`hk.nets.ResNet`).
public struct SmallImageResNet: Sendable, Equatable, CustomStringConvertible {
    /// Basic blocks in each of the 4 groups.
    public var blocksPerGroup: [Int]
    /// Output channels of each of the 4 groups (the stem has the first group's).
    public var channelsPerGroup: [Int]

    /// A ResNet of `blocksPerGroup` basic blocks with `channelsPerGroup` channels.
    public init(blocksPerGroup: [Int], channelsPerGroup: [Int]) {
        self.blocksPerGroup = blocksPerGroup
        self.channelsPerGroup = channelsPerGroup
    }

    /// ResNet18's layout (2, 2, 2, 2 blocks of 64, 128, 256, 512 channels).
    public static let resnet18 = SmallImageResNet(blocksPerGroup: [2, 2, 2, 2], channelsPerGroup: [64, 128, 256, 512])

    /// `resnet18 (3x3 stride-1 stem)` or `resnet [1, 1, 1, 1] [8, 16, 32, 64] (3x3 stride-1 stem)`, as checkpoints record it.
    public var description: String {
        let layout = self == .resnet18 ? "resnet18" : "resnet \(blocksPerGroup) \(channelsPerGroup)"
        return layout + " (3x3 stride-1 stem)"
    }

    /// The logits `[B, classCount]` of NHWC `images`, batch norm in training
    /// mode (batch statistics, moving averages updated) or not (the moving
    /// averages); call it inside `transformWithState`. With
    /// `crossReplicaAxis`, batch norm averages its statistics over that
    /// named axis (`bn_config={"cross_replica_axis": ...}`), for
    /// data-parallel steps.
    public func logits(_ images: Tensor, classCount: Int, isTraining: Bool, crossReplicaAxis: String? = nil) -> Tensor {
        let stem = ResNet.InitialConvConfig(outputChannels: channelsPerGroup.first ?? 64, kernelShape: 3, stride: 1)
        let batchNorm = ResNet.BatchNormConfig(crossReplicaAxis: crossReplicaAxis)
        // `hk.nets.ResNet18` itself for ResNet18's layout, so that the names are a Python user's (`res_net18/~/...`).
        let network = self == .resnet18
            ? ResNet18(classCount, bnConfig: batchNorm, initialConvConfig: stem)
            : ResNet(blocksPerGroup: blocksPerGroup, numClasses: classCount, bnConfig: batchNorm, bottleneck: false,
                     channelsPerGroup: channelsPerGroup, useProjection: [false, true, true, true], initialConvConfig: stem)
        return network(images, isTraining: isTraining)
    }
}

import Haiku

/// An image classifier with batch-norm state that `hkc bench`, `hkc summary`
/// and `hkc compile` run, as `Scripts/bench-jax` builds it in Haiku
/// (`hk.transform_with_state`): its logits `[B, classCount]` for images
/// `[B] + exampleShape`.
struct StatefulBenchmarkNetwork: Sendable {
    /// The shape of one image.
    let exampleShape: [Int]
    /// Classes of the logits.
    let classCount: Int
    /// Builds the network inside the transform and applies it to the images.
    private let logits: @Sendable (_ images: Tensor, _ isTraining: Bool) -> Tensor

    /// The network, transformed with its batch-norm state.
    func forward(isTraining: Bool) -> TransformedWithState<Tensor, Tensor> {
        transformWithState { (images: Tensor) in logits(images, isTraining) }
    }

    /// `MobileNetV1(numClasses: 10)` with Haiku's default strides and
    /// channels (batch normalization after every convolution) on
    /// CIFAR-sized images `[B, 32, 32, 3]`, which end at `[B, 1, 1, 1024]`
    /// before the mean.
    static let mobilenet = StatefulBenchmarkNetwork(exampleShape: [32, 32, 3], classCount: 10) {
        MobileNetV1(numClasses: 10)($0, isTraining: $1)
    }

    /// `ResNet18(10)` with Haiku's ImageNet stem (7x7 stride-2 convolution,
    /// 3x3 stride-2 max pool) on CIFAR-sized images `[B, 32, 32, 3]`: the
    /// block groups run at 8x8, 4x4, 2x2 and 1x1.
    static let resnet18 = StatefulBenchmarkNetwork(exampleShape: [32, 32, 3], classCount: 10) {
        ResNet18(10)($0, isTraining: $1)
    }

    /// `ResNet50(10)` (bottleneck blocks, Haiku's ImageNet stem) on
    /// `[B, 64, 64, 3]` images: the block groups run at 16x16, 8x8, 4x4 and 2x2.
    static let resnet50 = StatefulBenchmarkNetwork(exampleShape: [64, 64, 3], classCount: 10) {
        ResNet50(10)($0, isTraining: $1)
    }
}

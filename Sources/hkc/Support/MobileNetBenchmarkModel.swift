import Haiku

/// The `mobilenet` model of `hkc bench` and `hkc summary`, as `Scripts/bench-jax
/// mobilenet` builds it in Haiku: `MobileNetV1(numClasses: 10)` with Haiku's
/// default strides and channels (batch normalization after every
/// convolution) on CIFAR-sized images `[B, 32, 32, 3]`, which end at
/// `[B, 1, 1, 1024]` before the mean.
enum MobileNetBenchmarkModel {
    /// The shape of one image.
    static let exampleShape = [32, 32, 3]
    /// Classes of the logits.
    static let classCount = 10

    /// The network, transformed with its batch-norm state: logits `[B, classCount]`.
    static func forward(isTraining: Bool) -> TransformedWithState<Tensor, Tensor> {
        transformWithState { (images: Tensor) in MobileNetV1(numClasses: classCount)(images, isTraining: isTraining) }
    }
}

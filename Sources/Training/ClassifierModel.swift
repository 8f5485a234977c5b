import Datasets
import Haiku

/// The network a ``ClassifierTrainer`` trains: logits for each class from
/// a batch of images, built from Haiku's modules with Haiku's names.
public enum ClassifierModel: Sendable, Equatable, CustomStringConvertible {
    /// `hk.nets.MLP(hiddenSizes + [classCount])` on flat images (`[B, 784]`
    /// for MNIST): `mlp/~/linear_0`, `mlp/~/linear_1`, ...
    case mlp(hiddenSizes: [Int])
    /// On NHWC images (`[B, 28, 28, 1]` for MNIST): `Conv2D(32, 3×3, SAME)`
    /// → relu → max pool 2×2 stride 2 (VALID) → `Conv2D(64, 3×3, SAME)` →
    /// relu → max pool 2×2 stride 2 → `Flatten` → `Linear(classCount)`, in
    /// an `hk.Sequential`: `conv2_d`, `conv2_d_1`, `linear`.
    case cnn

    /// The layout of the images the network takes.
    public var layout: ImageLayout {
        switch self {
        case .mlp: .flat
        case .cnn: .nhwc
        }
    }

    /// `mlp [300, 100]` or `cnn`, as checkpoints record it.
    public var description: String {
        switch self {
        case let .mlp(hiddenSizes): "mlp \(hiddenSizes)"
        case .cnn: "cnn"
        }
    }

    /// The network's logits for `images`, one per class; call it inside
    /// `transform`, which makes and names its modules.
    public func logits(_ images: Tensor, classCount: Int) -> Tensor {
        switch self {
        case let .mlp(hiddenSizes):
            return MLP(hiddenSizes + [classCount])(images)
        case .cnn:
            let pool = { (x: Tensor) in maxPool(x, windowShape: 2, strides: 2, padding: .valid) }
            return Sequential([
                Conv2D(outputChannels: 32, kernelShape: 3), relu, pool,
                Conv2D(outputChannels: 64, kernelShape: 3), relu, pool,
                Flatten(), Linear(classCount),
            ])(images)
        }
    }
}

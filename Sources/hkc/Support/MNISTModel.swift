import ArgumentParser
import Haiku
import Training

/// The classifiers of 28×28 grey images (MNIST, Fashion-MNIST) that
/// `hkc train`, `bench`, `summary` and `compile` know.
enum MNISTModel: String, ExpressibleByArgument, CaseIterable {
    /// The 784-300-100-10 MLP.
    case mlp
    /// Two 3×3 convolutions (32, 64 channels) with relu and 2×2 max pools, then Linear(10).
    case cnn

    /// The network.
    var classifier: ClassifierModel {
        switch self {
        case .mlp: .mlp(hiddenSizes: [300, 100])
        case .cnn: .cnn
        }
    }

    /// One image's shape in the network's layout: `[784]` or `[28, 28, 1]`.
    var exampleShape: [Int] { classifier.layout == .flat ? [784] : [28, 28, 1] }

    /// The network's forward pass with 10 classes, transformed.
    var forward: Transformed<Tensor, Tensor> {
        let classifier = classifier
        return transform { (images: Tensor) in classifier.logits(images, classCount: 10) }
    }
}

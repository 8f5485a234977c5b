import ArgumentParser

/// The networks `hkc train` trains on MNIST and Fashion-MNIST (`--model`):
/// the two classifiers, or the VQ-VAE, which learns to reconstruct the images.
enum ImageModel: String, ExpressibleByArgument, CaseIterable {
    /// The 784-300-100-10 MLP (``MNISTModel/mlp``).
    case mlp
    /// The CNN on `[B, 28, 28, 1]` (``MNISTModel/cnn``).
    case cnn
    /// The VQ-VAE of `Training.VQVAEModel` (``TrainCommand/trainVQVAE()``).
    case vqvae

    /// The classifier, or nil for the VQ-VAE.
    var classifier: MNISTModel? { MNISTModel(rawValue: rawValue) }
}

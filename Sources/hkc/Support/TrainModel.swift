import ArgumentParser

/// The networks `hkc train --model` names: MNIST's classifiers, ResNet18 and the
/// VQ-VAE for the image data sets, or the Shakespeare text's character
/// models.
enum TrainModel: String, ExpressibleByArgument, CaseIterable {
    /// The 784-300-100-10 MLP (mnist, fashion-mnist).
    case mlp
    /// The CNN on `[B, 28, 28, 1]` images (mnist, fashion-mnist).
    case cnn
    /// The VQ-VAE of `Training.VQVAEModel`, which learns to reconstruct the
    /// images (mnist, fashion-mnist; ``TrainCommand/trainVQVAE()``).
    case vqvae
    /// ResNet18 with the CIFAR stem, batch norm carried as state (mnist,
    /// fashion-mnist; ``TrainCommand/trainResNet()``).
    case resnet18
    /// A character LSTM (shakespeare).
    case lstm
    /// A decoder-only character Transformer (shakespeare).
    case transformer

    /// The image classifier without state: nil for the VQ-VAE, ResNet18 and the character models.
    var classifier: MNISTModel? { MNISTModel(rawValue: rawValue) }

    /// Whether it trains on the Shakespeare text.
    var isCharacterModel: Bool { self == .lstm || self == .transformer }
}

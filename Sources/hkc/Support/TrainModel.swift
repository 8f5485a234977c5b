import ArgumentParser

/// The networks `hkc train --model` names: MNIST's classifiers, or the
/// Shakespeare text's character models.
enum TrainModel: String, ExpressibleByArgument, CaseIterable {
    /// The 784-300-100-10 MLP (mnist, fashion-mnist).
    case mlp
    /// The CNN on `[B, 28, 28, 1]` images (mnist, fashion-mnist).
    case cnn
    /// A character LSTM (shakespeare).
    case lstm
    /// A decoder-only character Transformer (shakespeare).
    case transformer

    /// The image classifier, or nil for a character model.
    var imageModel: MNISTModel? {
        switch self {
        case .mlp: .mlp
        case .cnn: .cnn
        case .lstm, .transformer: nil
        }
    }
}

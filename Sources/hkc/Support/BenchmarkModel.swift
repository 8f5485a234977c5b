import ArgumentParser
import Haiku

/// The models whose training step `hkc bench` times and whose module table
/// `hkc summary` prints: MNIST's two classifiers, the LSTM over sequences
/// and the character Transformer.
enum BenchmarkModel: String, ExpressibleByArgument, CaseIterable {
    /// The 784-300-100-10 MLP (``MNISTModel/mlp``).
    case mlp
    /// The CNN on `[B, 28, 28, 1]` images (``MNISTModel/cnn``).
    case cnn
    /// `LSTM(256)` and `Linear(64)` over `[T, B, 64]` sequences (``LSTMSequenceModel``).
    case lstm
    /// The decoder-only Transformer over `[B, 128]` character ids (``TransformerSequenceModel``).
    case transformer

    /// The network's forward pass, transformed.
    var forward: Transformed<Tensor, Tensor> {
        switch self {
        case .mlp: MNISTModel.mlp.forward
        case .cnn: MNISTModel.cnn.forward
        case .lstm: LSTMSequenceModel.forward
        case .transformer: TransformerSequenceModel.forward
        }
    }

    /// The shape of an input batch of `batch` examples (sequences of the
    /// default length for `lstm` and `transformer`).
    func inputShape(batch: Int) -> [Int] {
        switch self {
        case .mlp: [batch] + MNISTModel.mlp.exampleShape
        case .cnn: [batch] + MNISTModel.cnn.exampleShape
        case .lstm: LSTMSequenceModel.inputShape(batch: batch, length: LSTMSequenceModel.defaultLength)
        case .transformer: [batch, TransformerSequenceModel.defaultLength]
        }
    }

    /// The element type of the input: `int32` character ids for `transformer`, `float32` otherwise.
    var inputType: ElementType { self == .transformer ? .int32 : .float32 }

    /// Examples per benchmarked step unless told otherwise, as `Scripts/bench-jax`.
    var defaultBatch: Int {
        switch self {
        case .mlp, .cnn: 128
        case .lstm: 32
        case .transformer: 8
        }
    }

    /// Timed benchmark steps unless told otherwise, as `Scripts/bench-jax`.
    var defaultSteps: Int {
        switch self {
        case .mlp: 500
        case .cnn: 100
        case .lstm, .transformer: 20
        }
    }
}

import ArgumentParser
import Haiku

/// The models whose training step `hkc bench` times and whose module table
/// `hkc summary` prints: MNIST's two classifiers, the LSTM over sequences
/// MobileNetV1 on 32x32 images and the VQ-VAE on MNIST-sized images.
enum BenchmarkModel: String, ExpressibleByArgument, CaseIterable {
    /// The 784-300-100-10 MLP (``MNISTModel/mlp``).
    case mlp
    /// The CNN on `[B, 28, 28, 1]` images (``MNISTModel/cnn``).
    case cnn
    /// `LSTM(256)` and `Linear(64)` over `[T, B, 64]` sequences (``LSTMSequenceModel``).
    case lstm
    /// `MobileNetV1(numClasses: 10)` on `[B, 32, 32, 3]` images (``MobileNetBenchmarkModel``).
    case mobilenet
    /// The VQ-VAE of ``VQVAEBenchmarkModel`` on `[B, 28, 28, 1]` images.
    case vqvae

    /// Haiku's `tabulate` table of the network's forward pass on zeros of
    /// ``inputShape(batch:)``.
    func table(batch: Int) throws -> String {
        let input = Tensor.zeros(inputShape(batch: batch))
        switch self {
        case .mlp: return try tabulate(MNISTModel.mlp.forward, input)
        case .cnn: return try tabulate(MNISTModel.cnn.forward, input)
        case .lstm: return try tabulate(LSTMSequenceModel.forward, input)
        case .mobilenet: return try tabulate(MobileNetBenchmarkModel.forward(isTraining: true), input)
        case .vqvae: return try tabulate(VQVAEBenchmarkModel.forward, input)
        }
    }

    /// The shape of an input batch of `batch` examples (sequences of the
    /// default length for `lstm`).
    func inputShape(batch: Int) -> [Int] {
        switch self {
        case .mlp: [batch] + MNISTModel.mlp.exampleShape
        case .cnn: [batch] + MNISTModel.cnn.exampleShape
        case .lstm: LSTMSequenceModel.inputShape(batch: batch, length: LSTMSequenceModel.defaultLength)
        case .mobilenet: [batch] + MobileNetBenchmarkModel.exampleShape
        case .vqvae: [batch] + VQVAEBenchmarkModel.exampleShape
        }
    }

    /// Examples per benchmarked step unless told otherwise, as `Scripts/bench-jax`.
    var defaultBatch: Int { self == .lstm || self == .mobilenet || self == .vqvae ? 32 : 128 }

    /// Timed benchmark steps unless told otherwise, as `Scripts/bench-jax`.
    var defaultSteps: Int {
        switch self {
        case .mlp: 500
        case .cnn: 100
        case .lstm, .mobilenet, .vqvae: 20
        }
    }
}

import ArgumentParser
import Haiku

/// The models whose training step `hkc bench` times and whose module table
/// `hkc summary` prints: MNIST's two classifiers, the LSTM over sequences,
/// the character Transformer, the image classifiers with batch-norm state
/// (MobileNetV1, ResNet18, ResNet50) and the VQ-VAE on MNIST-sized images.
enum BenchmarkModel: String, ExpressibleByArgument, CaseIterable {
    /// The 784-300-100-10 MLP (``MNISTModel/mlp``).
    case mlp
    /// The CNN on `[B, 28, 28, 1]` images (``MNISTModel/cnn``).
    case cnn
    /// `LSTM(256)` and `Linear(64)` over `[T, B, 64]` sequences (``LSTMSequenceModel``).
    case lstm
    /// The decoder-only Transformer over `[B, 128]` character ids (``TransformerSequenceModel``).
    case transformer
    /// `MobileNetV1(numClasses: 10)` on `[B, 32, 32, 3]` images (``StatefulBenchmarkNetwork/mobilenet``).
    case mobilenet
    /// `ResNet18(10)` on `[B, 32, 32, 3]` images (``StatefulBenchmarkNetwork/resnet18``).
    case resnet18
    /// `ResNet50(10)` on `[B, 64, 64, 3]` images (``StatefulBenchmarkNetwork/resnet50``).
    case resnet50
    /// The VQ-VAE of ``VQVAEBenchmarkModel`` on `[B, 28, 28, 1]` images.
    case vqvae

    /// The network of `mobilenet`, `resnet18` and `resnet50`; nil for the others.
    var statefulNetwork: StatefulBenchmarkNetwork? {
        switch self {
        case .mlp, .cnn, .lstm, .transformer, .vqvae: nil
        case .mobilenet: .mobilenet
        case .resnet18: .resnet18
        case .resnet50: .resnet50
        }
    }

    /// Haiku's `tabulate` table of the network's forward pass on zeros of
    /// ``inputShape(batch:)``.
    func table(batch: Int) throws -> String {
        try useForwardPass(batch: batch, ModuleTable())
    }

    /// `use` applied to the network's transformed forward pass and zeros of
    /// ``inputShape(batch:)``.
    func useForwardPass<Use: ForwardPassUse>(batch: Int, _ use: Use) throws -> Use.Result {
        let input = Tensor.zeros(inputShape(batch: batch), dtype: inputType)
        if let network = statefulNetwork { return try use(network.forward(isTraining: true), input) }
        switch self {
        case .cnn: return try use(MNISTModel.cnn.forward, input)
        case .lstm: return try use(LSTMSequenceModel.forward, input)
        case .transformer: return try use(TransformerSequenceModel.forward, input)
        case .vqvae: return try use(VQVAEBenchmarkModel.forward, input)
        default: return try use(MNISTModel.mlp.forward, input)  // .mlp: the stateful networks returned above
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
        case .mobilenet: [batch] + StatefulBenchmarkNetwork.mobilenet.exampleShape
        case .resnet18: [batch] + StatefulBenchmarkNetwork.resnet18.exampleShape
        case .resnet50: [batch] + StatefulBenchmarkNetwork.resnet50.exampleShape
        case .vqvae: [batch] + VQVAEBenchmarkModel.exampleShape
        }
    }

    /// The element type of the input: `int32` character ids for `transformer`, `float32` otherwise.
    var inputType: ElementType { self == .transformer ? .int32 : .float32 }

    /// Examples per benchmarked step unless told otherwise, as `Scripts/bench-jax`.
    var defaultBatch: Int {
        switch self {
        case .mlp, .cnn: 128
        case .lstm, .mobilenet, .resnet18, .vqvae: 32
        case .transformer, .resnet50: 8
        }
    }

    /// Timed benchmark steps unless told otherwise, as `Scripts/bench-jax`.
    var defaultSteps: Int {
        switch self {
        case .mlp: 500
        case .cnn: 100
        case .lstm, .transformer, .mobilenet, .resnet18, .vqvae: 20
        case .resnet50: 10
        }
    }
}

/// Something made from a model's transformed forward pass and an example
/// input, whichever of the two transform kinds the model uses (a module
/// table, a graph).
protocol ForwardPassUse {
    associatedtype Result
    /// The result for a forward pass without state.
    func callAsFunction<Output: TensorTree>(_ forward: Transformed<Tensor, Output>, _ input: Tensor) throws -> Result
    /// The result for a forward pass with state.
    func callAsFunction<Output: TensorTree>(_ forward: TransformedWithState<Tensor, Output>, _ input: Tensor) throws -> Result
}

/// Haiku's `tabulate` table.
private struct ModuleTable: ForwardPassUse {
    func callAsFunction<Output: TensorTree>(_ forward: Transformed<Tensor, Output>, _ input: Tensor) throws -> String {
        try tabulate(forward, input)
    }

    func callAsFunction<Output: TensorTree>(_ forward: TransformedWithState<Tensor, Output>, _ input: Tensor) throws -> String {
        try tabulate(forward, input)
    }
}

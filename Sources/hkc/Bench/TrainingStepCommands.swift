import ArgumentParser

/// A `hkc bench` subcommand named after its model that runs
/// ``TrainingStepBenchmark`` for it.
protocol TrainingStepCommand: ParsableCommand {
    /// The model whose training step is timed.
    static var model: BenchmarkModel { get }
    /// The command's options.
    var options: TrainingStepBenchmark { get }
    /// Measures the step with `options` (by default the model's
    /// ``BenchmarkModel/trainingStep(batch:length:)``).
    func measure() throws
}

extension TrainingStepCommand {
    /// `mlp`, `cnn`, `lstm`, `transformer`, `mobilenet`, `resnet18`, `resnet50` or `vqvae`, with its one-line abstract.
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: model.rawValue,
            abstract: "Step time (median, p10, p90), compile, first call, init and peak memory of the "
                + "\(model.rawValue.uppercased()) training step.")
    }

    /// Measures the step and prints the result.
    func run() throws {
        try options.pluginOptions.start()
        try measure()
    }

    func measure() throws {
        try options.run(Self.model) { try Self.model.trainingStep(batch: $0) }
    }
}

/// `hkc bench mlp`: one training step of the 784-300-100-10 MLP.
struct MLPBenchmark: TrainingStepCommand {
    /// The MLP.
    static let model = BenchmarkModel.mlp
    /// `--batch`, `--steps`, `--json`, `--plugin`.
    @OptionGroup var options: TrainingStepBenchmark
}

/// `hkc bench cnn`: one training step of the CNN on [B, 28, 28, 1] images.
struct CNNBenchmark: TrainingStepCommand {
    /// The CNN.
    static let model = BenchmarkModel.cnn
    /// `--batch`, `--steps`, `--json`, `--plugin`.
    @OptionGroup var options: TrainingStepBenchmark
}

/// `hkc bench lstm`: one training step of `LSTM(256)` and `Linear(64)`
/// over [T, B, 64] sequences (``LSTMSequenceModel``).
struct LSTMBenchmark: TrainingStepCommand {
    /// The LSTM.
    static let model = BenchmarkModel.lstm
    /// `--batch`, `--steps`, `--json`, `--plugin`.
    @OptionGroup var options: TrainingStepBenchmark

    /// Steps of each sequence.
    @Option(help: "Steps of each sequence (T).")
    var length = LSTMSequenceModel.defaultLength

    /// A length of 1 to 100,000.
    func validate() throws {
        try requireRange(length, 1...100_000, "length")
    }

    func measure() throws {
        try options.run(Self.model, settings: [("length", "\(length)")]) { try Self.model.trainingStep(batch: $0, length: length) }
    }
}

/// `hkc bench transformer`: one training step of the decoder-only
/// character Transformer (4 blocks, d_model 256, 4 heads) on [B, T] ids
/// (``TransformerSequenceModel``).
struct TransformerBenchmark: TrainingStepCommand {
    /// The Transformer.
    static let model = BenchmarkModel.transformer
    /// `--batch`, `--steps`, `--json`, `--plugin`.
    @OptionGroup var options: TrainingStepBenchmark

    /// Characters of each sequence.
    @Option(help: "Characters of each sequence (T).")
    var length = TransformerSequenceModel.defaultLength

    /// A length of 1 to 4,096.
    func validate() throws {
        try requireRange(length, 1...4096, "length")
    }

    func measure() throws {
        try options.run(Self.model, settings: [("length", "\(length)")]) { try Self.model.trainingStep(batch: $0, length: length) }
    }
}

/// `hkc bench mobilenet`: one training step of `MobileNetV1(numClasses: 10)`
/// on [B, 32, 32, 3] images (``StatefulBenchmarkNetwork/mobilenet``).
struct MobileNetBenchmark: TrainingStepCommand {
    /// MobileNetV1.
    static let model = BenchmarkModel.mobilenet
    /// `--batch`, `--steps`, `--json`, `--plugin`.
    @OptionGroup var options: TrainingStepBenchmark
}

/// `hkc bench resnet18`: one training step of `ResNet18(10)` on
/// [B, 32, 32, 3] images (``StatefulBenchmarkNetwork/resnet18``).
struct ResNet18Benchmark: TrainingStepCommand {
    /// ResNet18.
    static let model = BenchmarkModel.resnet18
    /// `--batch`, `--steps`, `--json`, `--plugin`.
    @OptionGroup var options: TrainingStepBenchmark
}

/// `hkc bench resnet50`: one training step of `ResNet50(10)` on
/// [B, 64, 64, 3] images (``StatefulBenchmarkNetwork/resnet50``).
struct ResNet50Benchmark: TrainingStepCommand {
    /// ResNet50.
    static let model = BenchmarkModel.resnet50
    /// `--batch`, `--steps`, `--json`, `--plugin`.
    @OptionGroup var options: TrainingStepBenchmark
}

/// `hkc bench vqvae`: one training step of the VQ-VAE on [B, 28, 28, 1]
/// images (``VQVAEBenchmarkModel``).
struct VQVAEBenchmark: TrainingStepCommand {
    /// The VQ-VAE.
    static let model = BenchmarkModel.vqvae
    /// `--batch`, `--steps`, `--json`, `--plugin`.
    @OptionGroup var options: TrainingStepBenchmark
}

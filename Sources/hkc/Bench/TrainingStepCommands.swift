import ArgumentParser

/// A `hkc bench` subcommand named after its model that runs
/// ``TrainingStepBenchmark`` for it.
protocol TrainingStepCommand: ParsableCommand {
    /// The model whose training step is timed.
    static var model: MNISTModel { get }
    /// The command's options.
    var options: TrainingStepBenchmark { get }
}

extension TrainingStepCommand {
    /// `mlp` or `cnn`, with its one-line abstract.
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: model.rawValue,
            abstract: "Step time (median, p10, p90), compile, first call, init and peak memory of the "
                + "\(model.rawValue.uppercased()) training step.")
    }

    /// Measures the step and prints the result.
    func run() throws {
        try requirePlugin()
        try options.run(Self.model)
    }
}

/// `hkc bench mlp`: one training step of the 784-300-100-10 MLP.
struct MLPBenchmark: TrainingStepCommand {
    /// The MLP.
    static let model = MNISTModel.mlp
    /// `--batch`, `--steps`, `--json`.
    @OptionGroup var options: TrainingStepBenchmark
}

/// `hkc bench cnn`: one training step of the CNN on [B, 28, 28, 1] images.
struct CNNBenchmark: TrainingStepCommand {
    /// The CNN.
    static let model = MNISTModel.cnn
    /// `--batch`, `--steps`, `--json`.
    @OptionGroup var options: TrainingStepBenchmark
}

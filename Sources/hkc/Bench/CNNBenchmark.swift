import ArgumentParser

/// `hkc bench cnn`: one training step of the CNN on [B, 28, 28, 1] images
/// (see ``TrainingStepBenchmark``).
struct CNNBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cnn",
        abstract: "Step time (median, p10, p90), compile, first call, init and peak memory of the CNN training step.")

    @OptionGroup var options: TrainingStepBenchmark

    func run() throws { try options.run(.cnn) }
}

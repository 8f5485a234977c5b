import ArgumentParser

/// `hkc bench mlp`: one training step of the 784-300-100-10 MLP (see
/// ``TrainingStepBenchmark``).
struct MLPBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mlp",
        abstract: "Step time (median, p10, p90), compile, first call, init and peak memory of the MLP training step.")

    @OptionGroup var options: TrainingStepBenchmark

    func run() throws { try options.run(.mlp) }
}

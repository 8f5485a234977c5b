import ArgumentParser

/// `hkc profile`: where a model's training step spends its time, per
/// module path, forward and backward apart.
///
/// The plugins give no profiler through the PJRT C API (neither
/// `lammps-jax-pjrt-cpu` nor `xla-cpu-pjrt` has the profiler extension),
/// so this times: the step's traced program is cut into one program per
/// module path and pass (``ScopeSubprograms``, by the ops' name scopes),
/// each compiled and run on its own (``ProgramTimer``). XLA fuses across
/// modules in the whole step, so the parts' sum differs from the step's
/// time, which is printed beside it.
struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Time a model's training step per module path (forward and backward apart), by compiling and running each module's ops on their own.")

    @Argument(help: "The model: mlp, cnn, lstm, transformer, mobilenet, resnet18, resnet50 or vqvae (hkc bench's steps).")
    var model: BenchmarkModel

    @Option(help: "The batch size (default: the model's hkc bench batch).")
    var batch: Int?

    @Option(help: "Timed runs of each part (their median is reported), after one warm-up run.")
    var runs = 5

    @Flag(help: "Also list, per row, how many ops of each kind it has (Haiku's jaxpr_info, per module).")
    var ops = false

    /// `--plugin`.
    @OptionGroup var pluginOptions: PluginOptions

    func validate() throws {
        if let batch { try requireRange(batch, 1...65_536, "batch") }
        try requireRange(runs, 1...1000, "runs")
    }

    func run() throws {
        let client = try pluginOptions.start()
        let program = try model.trainingStep(batch: batch ?? model.defaultBatch).lower().program
        let timer = ProgramTimer(client: client, runs: runs)
        let parts = try ScopeSubprograms(program).parts
        let rows = try parts.map { part in ProfileRow(part: part, seconds: try timer.seconds(part.program)) }
        let step = try timer.seconds(program)
        print(ProfileTable(model: model.rawValue, rows: rows, step: step, listingOps: ops).text, terminator: "")
    }
}

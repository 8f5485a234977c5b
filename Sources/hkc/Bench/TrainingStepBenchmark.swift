import ArgumentParser
import Haiku
import XLARuntime

/// The options of `hkc bench mlp|cnn|lstm|transformer|mobilenet|resnet18|resnet50|vqvae` and their measurement: one
/// training step, as `Scripts/bench-jax` times it in JAX: each step is
/// dispatched and waited for its loss, which is not read.
struct TrainingStepBenchmark: ParsableArguments {
    /// Examples per step; nil: the model's default.
    @Option(help: "Examples per step (default: 128; lstm, mobilenet, resnet18 and vqvae: 32; transformer and resnet50: 8, as Scripts/bench-jax).")
    var batch: Int?

    /// Timed steps; nil: the model's default.
    @Option(help: "Timed steps (default: 500 for mlp, 100 for cnn, 20 for lstm, transformer, mobilenet, resnet18 and vqvae, 10 for resnet50, as Scripts/bench-jax).")
    var steps: Int?

    /// A jmp policy for the network (``NetworkPolicy``); nil: float32.
    @Option(help: "A mixed-precision policy for the network, as jmp parses it (e.g. p=f32,c=bf16,o=f32), set on its outermost module, batch norm kept in float32 (mlp, cnn, mobilenet, resnet18, resnet50; as Scripts/bench-jax --policy).")
    var policy: String?

    /// Whether to print JSON.
    @Flag(help: "Print one JSON object instead of a line.")
    var json = false

    /// `--plugin`.
    @OptionGroup var pluginOptions: PluginOptions

    /// A batch of 1 to 65,536 and 10 to 1,000,000 steps.
    func validate() throws {
        if let batch { try requireRange(batch, 1...65_536, "batch") }
        if let steps { try requireRange(steps, 10...1_000_000, "steps") }
        if let policy { _ = try NetworkPolicy(policy) }
    }

    /// Measures the step `makeStep` makes for the batch size, and prints
    /// the line or the JSON object, naming `model` and its `settings`
    /// (name and JSON value) after the batch.
    func run(_ model: BenchmarkModel, settings: [(String, String)] = [],
             _ makeStep: (_ batch: Int) throws -> any BenchmarkedTrainingStep) throws {
        let batch = batch ?? model.defaultBatch
        let steps = steps ?? model.defaultSteps
        let policySetting = try applyPolicy(to: model)
        let clock = ContinuousClock()
        let step = try makeStep(batch)

        var start = clock.now
        let executable = try Client.shared().compile(try step.lower().stableHLO())
        let compilation = clock.now - start
        let memory = try executable.memoryStatistics()

        // As bench_jax.py: each timed step dispatches and waits for its loss, without reading it.
        start = clock.now
        try step.dispatch().blockUntilReady()
        let firstCall = clock.now - start
        var loss = Tensor(Float(0))
        for _ in 0..<min(steps, 50) { loss = try step.dispatch() }
        try loss.blockUntilReady()
        var seconds: [Double] = []
        for _ in 0..<steps {
            start = clock.now
            try step.dispatch().blockUntilReady()
            seconds.append((clock.now - start).seconds)
        }
        let samples = Samples(seconds)
        let peak = memory.argumentBytes + memory.outputBytes + memory.temporaryBytes
        let naming = [("batch", "\(batch)")] + settings + policySetting
        let result: [(String, String)] = [("implementation", "\"haiku-swift\""), ("model", "\"\(model.rawValue)\"")] + naming
            + samples.millisecondFields + [
                ("compile_ms", "\(compilation.seconds * 1e3)"), ("first_call_ms", "\(firstCall.seconds * 1e3)"),
                ("init_ms", "\(step.initialization.seconds * 1e3)"), ("peak_memory_bytes", "\(peak)"),
            ]
        if json {
            printJSON(result)
        } else {
            print("haiku-swift \(model.rawValue)\(naming.map { " \($0.0) \($0.1)" }.joined()): step \(samples.millisecondSummary), "
                  + "compile \(decimal(compilation.seconds * 1e3, places: 1)) ms, first call \(decimal(firstCall.seconds * 1e3, places: 1)) ms, "
                  + "init \(decimal(step.initialization.seconds * 1e3, places: 1)) ms, peak memory \(peak) B")
        }
    }

    /// Sets `--policy` on `model`'s network and returns the setting that
    /// names it (`policy`, as jmp writes it), or none without `--policy`.
    ///
    /// - Throws: a `ValidationError` for a model `--policy` is not for.
    private func applyPolicy(to model: BenchmarkModel) throws -> [(String, String)] {
        guard let policy else { return [] }
        guard let target = model.policyTarget else {
            throw ValidationError("--policy is for mlp, cnn, mobilenet, resnet18 and resnet50, not \(model.rawValue)")
        }
        let networkPolicy = try NetworkPolicy(policy)
        networkPolicy.apply(to: target.network, batchNorm: target.batchNorm)
        return [("policy", "\"\(networkPolicy.policy)\"")]
    }
}

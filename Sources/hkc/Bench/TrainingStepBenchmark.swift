import ArgumentParser
import Haiku
import Training
import XLARuntime

/// `hkc bench mlp` and `hkc bench cnn`: one training step of a classifier
/// (Adam, L2) on random 28×28 images, as `Scripts/bench-jax mlp|cnn` times
/// it in JAX: each step is dispatched and waited for its loss, which is not
/// read.
struct TrainingStepBenchmark: ParsableArguments {
    /// Examples per step.
    @Option(help: "Examples per step.")
    var batch = 128

    /// Timed steps; nil: the model's default.
    @Option(help: "Timed steps (default: 500 for mlp, 100 for cnn, as Scripts/bench-jax).")
    var steps: Int?

    /// Whether to print JSON.
    @Flag(help: "Print one JSON object instead of a line.")
    var json = false

    /// A batch of 1 to 65,536 and 10 to 1,000,000 steps.
    func validate() throws {
        try requireRange(batch, 1...65_536, "batch")
        if let steps { try requireRange(steps, 10...1_000_000, "steps") }
    }

    /// Measures `model`'s step and prints the line or the JSON object.
    func run(_ model: MNISTModel) throws {
        let steps = steps ?? (model == .cnn ? 100 : 500)
        let clock = ContinuousClock()
        var generator = SystemRandomNumberGenerator()
        let shape = [batch] + model.exampleShape
        let images = Tensor((0..<shape.reduce(1, *)).map { _ in Float.random(in: 0..<1, using: &generator) }, shape: shape)
        let labels = Tensor((0..<batch).map { Int32($0 % 10) })
        var setup = TrainingConfiguration()
        setup.model = model.classifier
        setup.batchSize = batch

        var start = clock.now
        let trainer = try ClassifierTrainer(configuration: setup, exampleShape: model.exampleShape, classCount: 10)
        let initialization = clock.now - start

        start = clock.now
        let program = try trainer.lowerStep(images: images, labels: labels).stableHLO()
        let executable = try Client.shared().compile(program)
        let compilation = clock.now - start
        let memory = try executable.memoryStatistics()

        // As bench_jax.py: each timed step dispatches and waits for its loss, without reading it.
        start = clock.now
        try trainer.trainLoss(images: images, labels: labels).blockUntilReady()
        let firstCall = clock.now - start
        var loss = Tensor(Float(0))
        for _ in 0..<min(steps, 50) { loss = try trainer.trainLoss(images: images, labels: labels) }
        try loss.blockUntilReady()
        var seconds: [Double] = []
        for _ in 0..<steps {
            start = clock.now
            try trainer.trainLoss(images: images, labels: labels).blockUntilReady()
            seconds.append((clock.now - start).seconds)
        }
        let samples = Samples(seconds)
        let peak = memory.argumentBytes + memory.outputBytes + memory.temporaryBytes
        let result: [(String, String)] = [("implementation", "\"haiku-swift\""), ("model", "\"\(model.rawValue)\""), ("batch", "\(batch)")]
            + samples.millisecondFields + [
                ("compile_ms", "\(compilation.seconds * 1e3)"), ("first_call_ms", "\(firstCall.seconds * 1e3)"),
                ("init_ms", "\(initialization.seconds * 1e3)"), ("peak_memory_bytes", "\(peak)"),
            ]
        if json {
            printJSON(result)
        } else {
            print("haiku-swift \(model.rawValue) batch \(batch): step \(samples.millisecondSummary), "
                  + "compile \(decimal(compilation.seconds * 1e3, places: 1)) ms, first call \(decimal(firstCall.seconds * 1e3, places: 1)) ms, "
                  + "init \(decimal(initialization.seconds * 1e3, places: 1)) ms, peak memory \(peak) B")
        }
    }
}

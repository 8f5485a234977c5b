import ArgumentParser
import XLARuntime
import XLATensor

/// `hkc bench trace`: the time to trace a long function and lower it to
/// StableHLO text (no XLA compilation), beside `jax.jit(f).lower(x).as_text()`.
struct TraceBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Time to trace and lower a program of about 5,000 instructions (no XLA compile).")

    @Option(help: "Loop steps; each adds three instructions (tanh, multiply, add).")
    var steps = 1_667

    @Option(help: "Repetitions; the median is reported.")
    var repetitions = 10

    @OptionGroup var baseline: JAXBaselineOptions

    /// `--plugin`.
    @OptionGroup var pluginOptions: PluginOptions

    func validate() throws {
        try requireRange(steps, 1...100_000, "steps")
        try requireRange(repetitions, 1...1_000, "repetitions")
    }

    func run() throws {
        try pluginOptions.start()
        let steps = self.steps
        var instructions = 0
        var seconds: [Double] = []
        let clock = ContinuousClock()
        for _ in 0..<repetitions {
            let start = clock.now
            let lowered = try jit { (x: Tensor) -> Tensor in
                var x = x
                for _ in 0..<steps { x = tanh(x) * x + x }
                return x
            }.lower(Tensor.zeros([64]))
            _ = try lowered.stableHLO()
            seconds.append((clock.now - start).seconds)
            instructions = lowered.program.functions[0].body.instructions.count
        }
        print("trace + passes + StableHLO text, \(instructions) instructions, median of \(repetitions)")
        let ours = Samples(seconds).median
        if let jaxPython = baseline.jaxPython {
            let jax = try JAXBaseline.run(python: jaxPython, script: """
            import time, jax, jax.numpy as jnp
            def f(x):
                for _ in range(\(steps)): x = jnp.tanh(x) * x + x
                return x
            x = jnp.zeros(64, jnp.float32)
            samples = []
            for _ in range(\(repetitions)):
                jax.clear_caches(); t = time.perf_counter(); jax.jit(f).lower(x).as_text(); samples.append(time.perf_counter() - t)
            print(' '.join(repr(s) for s in samples))
            """)
            let median = Samples(jax[0]).median
            print("\(JAXBaseline.label(python: jaxPython))   \(milliseconds(median)) ms")
            print("haiku-swift  \(milliseconds(ours)) ms   \(ratio(ours, median))x JAX")
        } else {
            print("haiku-swift  \(milliseconds(ours)) ms")
        }
    }
}

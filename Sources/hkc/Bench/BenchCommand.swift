import ArgumentParser

/// `hkc bench`: measured benchmarks, side by side with JAX where asked.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run benchmarks (use a release build: swift run -c release hkc bench ...).",
        subcommands: [MLPBenchmark.self, CNNBenchmark.self, LSTMBenchmark.self, TransformerBenchmark.self, MobileNetBenchmark.self, ResNet18Benchmark.self, ResNet50Benchmark.self, VQVAEBenchmark.self, OpsBenchmark.self, DispatchBenchmark.self, JITDispatchBenchmark.self, EagerBenchmark.self, TraceBenchmark.self])
}

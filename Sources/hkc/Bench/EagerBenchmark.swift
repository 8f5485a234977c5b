import ArgumentParser
import XLARuntime
import XLATensor

/// `hkc bench eager`: the cost of one operation outside any trace once its
/// executable is cached, beside JAX's op-by-op dispatch.
struct EagerBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eager",
        abstract: "Per-operation latency of eager (op-by-op) execution once the op is compiled.")

    @Option(help: "Operations per measurement.")
    var operations = 5_000

    @OptionGroup var baseline: JAXBaselineOptions

    /// `--plugin`.
    @OptionGroup var pluginOptions: PluginOptions

    func validate() throws {
        try requireRange(operations, 1...10_000_000, "operations")
    }

    func run() throws {
        try pluginOptions.start()
        let x = Tensor([Float](repeating: 1, count: 16), shape: [16]).toDevice(try defaultDevice())
        var y = x
        for _ in 0..<100 { y = x + y }
        try y.blockUntilReady()
        let clock = ContinuousClock()
        var waited: [Double] = []
        for _ in 0..<operations {
            let start = clock.now
            y = x + y
            try y.blockUntilReady()
            waited.append((clock.now - start).seconds)
        }
        let start = clock.now
        for _ in 0..<operations { y = x + y }
        try y.blockUntilReady()
        let pipelined = (clock.now - start).seconds / Double(operations)
        print("eager x + y on float32[16], \(operations) operations")
        print(pad("", 16) + pad("median µs (waited)", 20) + "pipelined µs/op")
        if let jaxPython = baseline.jaxPython {
            let jax = try JAXBaseline.run(python: jaxPython, script: """
            import time, jax, jax.numpy as jnp
            x = jnp.ones(16, jnp.float32); y = x
            for _ in range(100): y = (x + y).block_until_ready()
            samples = []
            for _ in range(\(operations)):
                t = time.perf_counter(); y = x + y; y.block_until_ready(); samples.append(time.perf_counter() - t)
            t = time.perf_counter()
            for _ in range(\(operations)): y = x + y
            y.block_until_ready()
            print((time.perf_counter() - t) / \(operations))
            print(' '.join(repr(s) for s in samples))
            """)
            print(pad(JAXBaseline.label(python: jaxPython), 16) + pad(microseconds(Samples(jax[1]).median), 20)
                  + microseconds(jax[0][0]))
        }
        print(pad("haiku-swift", 16) + pad(microseconds(Samples(waited).median), 20) + microseconds(pipelined))
    }

    private func defaultDevice() throws -> Device { try Client.shared().defaultDevice }
}

import ArgumentParser
import XLARuntime
import XLATensor

/// `hkc bench jit`: the per-call cost of an already compiled `jit`
/// function (tree flattening, cache lookup, execution, waiting), beside
/// `jax.jit(f)(x).block_until_ready()`.
struct JITDispatchBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jit",
        abstract: "Per-call latency of a compiled jit function on a scalar (Tensor level).")

    @Option(help: "Timed calls.")
    var iterations = 20_000

    @OptionGroup var baseline: JAXBaselineOptions

    func run() throws {
        let step = jit { (acc: Tensor, one: Tensor) in acc + one }
        let one = Tensor(Float(1)).toDevice(try Client.shared().defaultDevice)
        var acc = Tensor(Float(0)).toDevice(try Client.shared().defaultDevice)
        for _ in 0..<min(iterations, 2_000) { acc = try step(acc, one) }
        try acc.blockUntilReady()
        let clock = ContinuousClock()
        var seconds: [Double] = []
        for _ in 0..<iterations {
            let start = clock.now
            acc = try step(acc, one)
            try acc.blockUntilReady()
            seconds.append((clock.now - start).seconds)
        }
        print("jit(acc + one) on float32 scalars, \(iterations) calls, median µs")
        let ours = Samples(seconds).median
        if let jaxPython = baseline.jaxPython {
            let (jax, _) = try JAXBaseline.dispatch(python: jaxPython, iterations: iterations)
            print(pad(JAXBaseline.label(python: jaxPython), 16) + microseconds(jax.median))
            print(pad("haiku-swift", 16) + microseconds(ours) + "   \(ratio(ours, jax.median))x JAX")
        } else {
            print(pad("haiku-swift", 16) + microseconds(ours))
        }
    }
}

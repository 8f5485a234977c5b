import ArgumentParser
import XLARuntime

/// `hkc bench dispatch`: the per-call latency of a cached executable.
///
/// A scalar f32 add whose accumulator stays on the device
/// (`acc = add(acc, one)`): each call executes and waits for its result, as
/// `jax.jit(f)(acc, one).block_until_ready()` does. Also reports the
/// pipelined rate (many calls, one wait).
struct DispatchBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dispatch",
        abstract: "Median per-call latency of a cached scalar add with buffers on the device.")

    @Option(name: .customLong("plugin"), help: "A plugin name or path to measure (repeatable); default: both CPU plugins.")
    var plugins: [String] = ["lammps-jax-pjrt-cpu", "xla-cpu-pjrt"]

    @Option(help: "Timed calls per measurement.")
    var iterations = 20_000

    @OptionGroup var baseline: JAXBaselineOptions

    static let program = """
    func.func public @main(%acc: tensor<f32>, %one: tensor<f32>) -> tensor<f32> {
      %0 = stablehlo.add %acc, %one : tensor<f32>
      return %0 : tensor<f32>
    }
    """

    func validate() throws {
        try requireRange(iterations, 100...10_000_000, "iterations")
    }

    func run() throws {
        print("dispatch: cached scalar f32 add, buffers on the device, \(iterations) calls")
        print(pad("", 24) + pad("median µs", 11) + pad("p10-p90 µs", 13) + "pipelined µs/call")
        var jaxMedian: Double?
        if let jaxPython = baseline.jaxPython {
            let (samples, pipelined) = try JAXBaseline.dispatch(python: jaxPython, iterations: iterations)
            jaxMedian = samples.median
            report(JAXBaseline.label(python: jaxPython), samples, pipelined)
        }
        for request in plugins {
            let plugin = try Plugin.load(request)
            let (samples, pipelined) = try measure(Client(plugin: plugin))
            let name = request.contains("/") ? plugin.path.split(separator: "/").last.map(String.init) ?? request : request
            report(name, samples, pipelined, ratioTo: jaxMedian)
        }
    }

    private func measure(_ client: Client) throws -> (Samples, Double) {
        let executable = try client.compile(DispatchBenchmark.program)
        let one = try client.buffer(scalar: Float(1))
        var accumulator = try client.buffer(scalar: Float(0))
        for _ in 0..<min(iterations, 2_000) {
            accumulator = try executable.execute([accumulator, one])[0]
            try accumulator.blockUntilReady()
        }
        let clock = ContinuousClock()
        var seconds = [Double](repeating: 0, count: iterations)
        for index in 0..<iterations {
            let start = clock.now
            accumulator = try executable.execute([accumulator, one])[0]
            try accumulator.blockUntilReady()
            seconds[index] = (clock.now - start).seconds
        }
        let start = clock.now
        for _ in 0..<iterations {
            accumulator = try executable.execute([accumulator, one])[0]
        }
        try accumulator.blockUntilReady()
        let pipelined = (clock.now - start).seconds / Double(iterations)
        return (Samples(seconds), pipelined)
    }

    private func report(_ name: String, _ samples: Samples, _ pipelined: Double, ratioTo baseline: Double? = nil) {
        var line = pad(name, 24) + pad(microseconds(samples.median), 11)
            + pad("\(microseconds(samples.percentile(0.1)))-\(microseconds(samples.percentile(0.9)))", 13)
            + microseconds(pipelined)
        if let baseline { line += "   \(ratio(samples.median, baseline))x JAX" }
        print(line)
    }
}

import ArgumentParser
import Haiku
import XLARuntime

/// `hkc bench ops`: forward + backward of single layers (max pooling and
/// 3x3 convolutions at large and small spatial sizes), as
/// `Scripts/bench-jax ops` times them in JAX.
///
/// Each case is `jit(grad(loss))` with `loss = 0.5 · sum(y · y)`, `y = layer(inputs)`,
/// differentiated with respect to every input. Pool inputs are relu'd
/// normals, so windows hold ties as in a real network.
struct OpsBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ops",
        abstract: "Forward + backward time (median, p10, p90) and compile time of pooling and convolution layers.")

    @Option(help: "Timed calls per case.")
    var steps = 30

    @Flag(help: "Print one JSON object per case instead of a line.")
    var json = false

    @Flag(help: "Print each case's StableHLO program instead of timing it.")
    var emit = false

    func validate() throws {
        guard steps >= 5 else { throw ValidationError("--steps must be at least 5") }
    }

    /// One layer and its inputs.
    struct Case {
        let name: String
        let layer: ([Tensor]) -> Tensor
        let inputs: [Tensor]
    }

    static func cases() -> [Case] {
        var key = PRNGKey(0)
        func normal(_ shape: [Int], scale: Float = 1) -> Tensor {
            let keys = split(key)
            key = keys[0]
            return XLATensor.normal(keys[1], shape) * Tensor(scale)
        }
        let nhwc = ConvDimensionNumbers(lhs: "NHWC", rhs: "HWIO", output: "NHWC")
        let conv = { (inputs: [Tensor]) in
            convGeneralDilated(inputs[0], inputs[1], windowStrides: [1, 1], padding: .same, dimensionNumbers: nhwc)
        }
        return [
            Case(name: "maxpool-2x2-stride2", layer: { maxPool($0[0], windowShape: 2, strides: 2, padding: .valid) },
                 inputs: [relu(normal([64, 28, 28, 64]))]),
            Case(name: "maxpool-3x3-stride2-same", layer: { maxPool($0[0], windowShape: 3, strides: 2, padding: .same) },
                 inputs: [relu(normal([32, 16, 16, 64]))]),
            Case(name: "conv3x3-28x28", layer: conv, inputs: [normal([64, 28, 28, 32]), normal([3, 3, 32, 64], scale: 0.1)]),
            Case(name: "conv3x3-2x2", layer: conv, inputs: [normal([32, 2, 2, 256]), normal([3, 3, 256, 256], scale: 0.05)]),
            Case(name: "conv3x3-1x1", layer: conv, inputs: [normal([32, 1, 1, 512]), normal([3, 3, 512, 512], scale: 0.05)]),
        ]
    }

    func run() throws {
        let device = try Client.shared().defaultDevice
        for benchmark in OpsBenchmark.cases() {
            let inputs = benchmark.inputs.map { $0.toDevice(device) }
            let step = jit { (inputs: [Tensor]) in
                grad { (inputs: [Tensor]) in
                    let y = benchmark.layer(inputs)
                    return (y * y).sum() * Tensor(Float(0.5))
                }(inputs)
            }
            let program = try step.lower(inputs).stableHLO()
            if emit {
                print("// \(benchmark.name)\n\(program)")
                continue
            }
            let clock = ContinuousClock()
            var start = clock.now
            _ = try Client.shared().compile(program)
            let compilation = clock.now - start
            for _ in 0..<5 { try step(inputs).forEach { try $0.blockUntilReady() } }
            var seconds: [Double] = []
            for _ in 0..<steps {
                start = clock.now
                try step(inputs).forEach { try $0.blockUntilReady() }
                seconds.append((clock.now - start).seconds)
            }
            report(benchmark.name, Samples(seconds), compilation)
        }
    }

    private func report(_ name: String, _ samples: Samples, _ compilation: Duration) {
        if json {
            printJSON([("implementation", "\"haiku-swift\""), ("model", "\"\(name)\"")] + samples.millisecondFields
                      + [("compile_ms", "\(compilation.seconds * 1e3)")])
        } else {
            print("haiku-swift \(name): forward+backward \(samples.millisecondSummary), "
                  + "compile \(decimal(compilation.seconds * 1e3, places: 1)) ms")
        }
    }
}

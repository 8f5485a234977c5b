import ArgumentParser
import Haiku
import XLARuntime

/// `hkc bench ops`: forward + backward of single layers (max pooling, 3x3
/// convolutions at large and small spatial sizes, `BatchNorm` at ResNet
/// shapes and `LayerNorm` at a Transformer's), as `Scripts/bench-jax ops`
/// times them in JAX.
///
/// Each case is `jit(grad(loss))` with `loss = 0.5 · sum(y · y)`, `y = layer(inputs)`,
/// differentiated with respect to every input. Pool inputs are relu'd
/// normals, so windows hold ties as in a real network. The normalizations
/// run the module under `transformWithState` and are differentiated with
/// respect to the input and the parameters; `BatchNorm` is in training, and
/// its updated state is an auxiliary output, as in a training step.
struct OpsBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ops",
        abstract: "Forward + backward time (median, p10, p90) and compile time of pooling, convolution and normalization layers.")

    @Option(help: "Timed calls per case.")
    var steps = 30

    @Option(help: "Only the cases whose names contain one of these, comma-separated (e.g. batchnorm,layernorm).")
    var cases: String?

    @Flag(help: "Print one JSON object per case instead of a line.")
    var json = false

    @Flag(help: "Print each case's StableHLO program instead of timing it.")
    var emit = false

    /// `--plugin`.
    @OptionGroup var pluginOptions: PluginOptions

    func validate() throws {
        try requireRange(steps, 5...1_000_000, "steps")
    }

    /// One layer and its inputs.
    struct Case {
        let name: String
        /// The layer's output, and its auxiliary outputs (a module's new state).
        let layer: ([Tensor]) -> (output: Tensor, auxiliary: [Tensor])
        let inputs: [Tensor]
        /// How many of the leading inputs are differentiated.
        let differentiated: Int

        /// A layer of `inputs`, all differentiated, without auxiliary outputs.
        init(name: String, layer: @escaping ([Tensor]) -> Tensor, inputs: [Tensor]) {
            (self.name, self.inputs, differentiated) = (name, inputs, inputs.count)
            self.layer = { (layer($0), []) }
        }

        /// The Haiku module `forward` makes on `x`, under `transformWithState`:
        /// its inputs are `x`, the parameters (both differentiated) and the
        /// state. Initializing it reports the module's mistakes; applying it
        /// then cannot fail (a failure would show as a NaN loss).
        init(name: String, module forward: @escaping (Tensor) -> Tensor, x: Tensor) throws {
            let f = transformWithState(forward)
            let (params, state) = try f.initialize(rng: nil, x)
            let parameterCount = params.leaves.count
            self.name = name
            inputs = [x] + params.leaves + state.leaves
            differentiated = 1 + parameterCount
            layer = { inputs in
                var rest = inputs.dropFirst().makeIterator()
                guard let (output, newState) = try? f.apply(params.mapTensors { _ in rest.next()! },
                                                            state.mapTensors { _ in rest.next()! }, inputs[0]) else {
                    return (Tensor(Float.nan), [])
                }
                return (output, newState.leaves)
            }
        }
    }

    static func cases() throws -> [Case] {
        var key = PRNGKey(0)
        func normal(_ shape: [Int], scale: Float = 1) -> Tensor {
            let keys = split(key)
            key = keys[0]
            return XLATensor.normal(keys[1], shape) * Tensor(scale)
        }
        let nhwc = ConvDimensionNumbers(lhs: "NHWC", rhs: "HWIO", output: "NHWC")
        let batchNorm = { (x: Tensor) in BatchNorm(createScale: true, createOffset: true, decayRate: 0.9)(x, isTraining: true) }
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
            try Case(name: "batchnorm-32x16x16x64", module: batchNorm, x: normal([32, 16, 16, 64])),
            try Case(name: "batchnorm-64x28x28x64", module: batchNorm, x: normal([64, 28, 28, 64])),
            try Case(name: "layernorm-8x128x256", module: { LayerNorm(axis: -1, createScale: true, createOffset: true)($0) },
                 x: normal([8, 128, 256])),
        ]
    }

    func run() throws {
        let device = try pluginOptions.start().defaultDevice
        let parts = cases?.split(separator: ",").map(String.init)
        for benchmark in try OpsBenchmark.cases() where parts?.contains(where: benchmark.name.contains) ?? true {
            let inputs = benchmark.inputs.map { $0.toDevice(device) }
            let step = jit { (inputs: [Tensor]) in
                let fixed = inputs.dropFirst(benchmark.differentiated)
                let ((_, auxiliary), gradient) = valueAndGrad { (differentiated: [Tensor]) in
                    let (y, auxiliary) = benchmark.layer(differentiated + fixed)
                    return ((y * y).sum() * Tensor(Float(0.5)), auxiliary)
                }(Array(inputs.prefix(benchmark.differentiated)))
                return gradient + auxiliary
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

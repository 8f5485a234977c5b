import ArgumentParser
import Haiku
import XLARuntime

/// `hkc bench jit`: the per-call cost of an already compiled `jit`
/// function (tree flattening, cache lookup, execution, waiting), beside
/// `jax.jit` in the same run.
///
/// Two cases: a scalar add, and the MLP training step's 21 leaves (Haiku
/// parameters, Adam's state, a batch) passed through a program that only
/// returns them, passed as trees and as ``Flattened`` trees.
struct JITDispatchBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jit",
        abstract: "Per-call latency of compiled jit functions: a scalar add and the MLP step's 21 leaves.")

    @Option(help: "Timed calls per case.")
    var iterations = 20_000

    @OptionGroup var baseline: JAXBaselineOptions

    /// `--plugin`.
    @OptionGroup var pluginOptions: PluginOptions

    func validate() throws {
        try requireRange(iterations, 100...10_000_000, "iterations")
    }

    func run() throws {
        let device = try pluginOptions.start().defaultDevice
        print("jit per-call latency, \(iterations) calls per case, each waiting for its result")
        print(pad("", 36) + pad("median µs", 11) + "p10-p90 µs")
        let jax = try baseline.jaxPython.map { python in
            (label: JAXBaseline.label(python: python),
             scalar: try JAXBaseline.dispatch(python: python, iterations: iterations).0,
             tree: try JAXBaseline.treeDispatch(python: python, iterations: iterations))
        }

        let add = jit { (acc: Tensor, one: Tensor) in acc + one }
        let one = Tensor(Float(1)).toDevice(device)
        var acc = Tensor(Float(0)).toDevice(device)
        let scalar = try measure {
            acc = try add(acc, one)
            try acc.blockUntilReady()
        }
        if let jax { report("\(jax.label) scalar add", jax.scalar) }
        report("scalar add", scalar, ratioTo: jax?.scalar)

        let (initial, x, y) = try stepInputs(device: device)
        var state = initial
        let trees = jit(donating: [0]) { (state: ModelState, x: Tensor, y: Tensor) in
            PassedThrough(state: state, sum: y.sum())
        }
        let treeSamples = try measure {
            let result = try trees(state, x, y)
            state = result.state
            try result.sum.blockUntilReady()
        }
        let tuple = jit(donating: [0]) { (state: ModelState, x: Tensor, y: Tensor) in (state, y.sum()) }
        let tupleSamples = try measure {
            let sum: Tensor
            (state, sum) = try tuple(state, x, y)
            try sum.blockUntilReady()
        }
        var reflectedState = ReflectedModelState(params: state.params, optimizerState: state.optimizerState)
        let reflected = jit(donating: [0]) { (state: ReflectedModelState, x: Tensor, y: Tensor) in (state, y.sum()) }
        let reflectedSamples = try measure {
            let sum: Tensor
            (reflectedState, sum) = try reflected(reflectedState, x, y)
            try sum.blockUntilReady()
        }
        state = ModelState(params: reflectedState.params, optimizerState: reflectedState.optimizerState)
        var flattened = Flattened(state)
        let flat = jit(donating: [0]) { (state: Flattened<ModelState>, x: Tensor, y: Tensor) in
            PassedThrough(state: state, sum: y.sum())
        }
        let flatSamples = try measure {
            let result = try flat(flattened, x, y)
            flattened = result.state
            try result.sum.blockUntilReady()
        }
        if let jax { report("\(jax.label) 21 leaves, donated", jax.tree) }
        report("21 leaves as trees, donated", treeSamples, ratioTo: jax?.tree)
        report("21 leaves as a tuple, donated", tupleSamples, ratioTo: jax?.tree)
        report("21 leaves reflected, donated", reflectedSamples, ratioTo: jax?.tree)
        report("21 leaves as Flattened, donated", flatSamples, ratioTo: jax?.tree)
    }

    /// Per-call seconds of `call`, after a warm-up.
    private func measure(_ call: () throws -> Void) throws -> Samples {
        for _ in 0..<min(iterations, 2_000) { try call() }
        let clock = ContinuousClock()
        var seconds: [Double] = []
        seconds.reserveCapacity(iterations)
        for _ in 0..<iterations {
            let start = clock.now
            try call()
            seconds.append((clock.now - start).seconds)
        }
        return Samples(seconds)
    }

    private func report(_ name: String, _ samples: Samples, ratioTo baseline: Samples? = nil) {
        var line = pad(name, 36) + pad(microseconds(samples.median), 11)
            + "\(microseconds(samples.percentile(0.1)))-\(microseconds(samples.percentile(0.9)))"
        if let baseline { line += "   \(ratio(samples.median, baseline.median))x JAX" }
        print(line)
    }
}

/// The MLP training step's inputs on `device`: the parameters of a
/// 784-300-100-10 Haiku MLP and Adam's state (19 leaves), and a batch of
/// 128 examples (2).
private func stepInputs(device: Device) throws -> (ModelState, x: Tensor, y: Tensor) {
    let forward = transform { (x: Tensor) in MLP([300, 100, 10])(x) }
    let params = try forward.initialize(rng: PRNGKey(0), Tensor.zeros([1, 784]))
    let state = ModelState(params: params, optimizerState: adam(learningRate: 1e-3).initialize(params))
    return (state.mapTensors { $0.toDevice(device) }, Tensor.zeros([128, 784]).toDevice(device),
            Tensor.zeros([128], dtype: .int32).toDevice(device))
}

/// Parameters and an optimizer state, as a training step carries them.
private struct ModelState: TensorTree {
    var params: Params
    var optimizerState: Adam.State

    func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> ModelState {
        ModelState(params: try params.mapTensors(transform), optimizerState: try optimizerState.mapTensors(transform))
    }
}

/// ``ModelState`` with `mapTensors` by reflection (a one-line conformance).
private struct ReflectedModelState {
    var params: Params
    var optimizerState: Adam.State
}

extension ReflectedModelState: TensorTree {}

/// A state a program passed through unchanged, and the labels' sum.
private struct PassedThrough<State: TensorTree>: TensorTree {
    var state: State
    var sum: Tensor

    func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> PassedThrough {
        PassedThrough(state: try state.mapTensors(transform), sum: try transform(sum))
    }
}

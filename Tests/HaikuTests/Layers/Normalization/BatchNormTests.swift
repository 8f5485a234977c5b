import Haiku
import Testing

/// `BatchNorm` against dm-haiku 0.0.17 (fixture group "batch_norm" of
/// `Scripts/fixtures/batch_norm.py`): parameter and state names, shapes and
/// values after init, outputs and state over three training applies, then
/// evaluation and local statistics, and the gradients of
/// `sum(output * cotangent)`, all bit for bit (only means, sums and
/// elementwise arithmetic; no contraction).
@Suite struct BatchNormTests {
    static let cases = BatchNormFixtures.file["batch_norm"]

    /// The case's module in one mode, with the case's external scale and offset.
    func batchNorm(_ c: FixtureValue, isTraining: Bool, testLocalStats: Bool = false,
                   scale: Tensor? = nil, offset: Tensor? = nil) -> TransformedWithState<Tensor, Tensor> {
        transformWithState { (x: Tensor) in
            BatchNormFixtures.batchNorm(c["args"])(x, isTraining: isTraining, testLocalStats: testLocalStats,
                                                   scale: scale, offset: offset)
        }
    }

    func external(_ c: FixtureValue) -> (scale: Tensor?, offset: Tensor?) {
        c.keys.contains("external") ? (c["external"]["scale"].tensor, c["external"]["offset"].tensor) : (nil, nil)
    }

    @Test(arguments: cases.keys)
    func trainingAndEvaluationMatchHaiku(_ name: String) throws {
        let c = Self.cases[name]
        let xs = c["xs"].array.map(\.tensor)
        let (scale, offset) = external(c)
        let train = batchNorm(c, isTraining: true, scale: scale, offset: offset)
        let (params, initial) = try train.initialize(rng: PRNGKey(1), xs[0])
        c["init"]["params"].expectBundles(params, "\(name) params")
        c["init"]["state"].expectBundles(initial, "\(name) initial state")
        var state = initial
        for (index, step) in c["train"].array.enumerated() {
            let output: Tensor
            (output, state) = try train.apply(params, state, xs[index])
            step["output"].expectTensor(output, "\(name) train \(index) output")
            step["state"].expectBundles(state, "\(name) train \(index) state")
        }
        let evaluation = try batchNorm(c, isTraining: false, scale: scale, offset: offset).apply(params, state, xs[3])
        c["eval"]["output"].expectTensor(evaluation.output, "\(name) eval output")
        let local = try batchNorm(c, isTraining: false, testLocalStats: true, scale: scale, offset: offset)
            .apply(params, state, xs[3])
        c["local"]["output"].expectTensor(local.output, "\(name) local output")
        c["local"]["state"].expectBundles(local.state, "\(name) local state")
    }

    @Test(arguments: cases.keys.filter { cases[$0]["xs"][0]["dtype"].string == "float32" })
    func gradientsMatchHaiku(_ name: String) throws {
        let c = Self.cases[name]
        let x = c["xs"][0].tensor
        let (scale, offset) = external(c)
        let (params, state) = try batchNorm(c, isTraining: true, scale: scale, offset: offset).initialize(rng: PRNGKey(1), x)
        let cotangent = c["cotangent"].tensor
        // Parameters, the input and the external scale and offset as one tree.
        var point = params
        point["input"] = (["x": x, "scale": scale, "offset": offset] as SortedDictionary<String, Tensor?>).compactMapValues { $0 }
        let gradients = grad { (point: Params) -> Tensor in
            var params = point
            let inputs = params.removeValue(forKey: "input") ?? [:]
            let f = batchNorm(c, isTraining: true, scale: inputs["scale"], offset: inputs["offset"])
            let output = (try? f.apply(params, state, inputs["x"]!).output) ?? Tensor(Float.nan)
            return (output * cotangent).sum()
        }(point)
        c["grad_x"].expectTensor(gradients["input"]?["x"] ?? Tensor(Float.nan), "\(name) d x")
        for key in ["scale", "offset"] where c.keys.contains("grad_\(key)") {
            c["grad_\(key)"].expectTensor(gradients["input"]?[key] ?? Tensor(Float.nan), "\(name) d \(key)")
        }
        c["grad_params"].expectBundles(gradients.filter { $0.key != "input" }, "\(name) d params")
    }

    /// Cross-replica statistics inside `vmap(axisName:)`: every example is
    /// normalized with the batch's statistics, and the state (the same for
    /// every example) is updated without the varying-state error.
    @Test func crossReplicaUnderVMapMatchesHaiku() throws {
        let c = BatchNormFixtures.file["cross_replica"]
        let f = transformWithState { (xs: Tensor) in
            vmap({ (x: Tensor) in BatchNormFixtures.batchNorm(c["args"])(x, isTraining: true) }, axisName: "i", splitRNG: false)(xs)
        }
        let xs = c["xs"].tensor
        let (params, state) = try f.initialize(rng: PRNGKey(1), xs)
        c["init_state"].expectBundles(state, "initial state")
        let (output, updated) = try f.apply(params, state, xs)
        c["output"].expectTensor(output, "output")
        c["state"].expectBundles(updated, "state")
    }

    /// The results of applying a `BatchNorm` of `args` to each example of
    /// `xs` on its own (as a device of `jax.pmap` does) inside
    /// `vmap(axisName: "i")`, from the same initial parameters and state: the
    /// outputs and each state value, batched along the axis.
    func perExample(_ args: FixtureValue, _ xs: Tensor) throws -> (output: Tensor, state: State) {
        let f = transformWithState { (x: Tensor) in BatchNormFixtures.batchNorm(args)(x, isTraining: true) }
        // Initialized on one example outside the vmap, where no axis is bound for the
        // cross-replica module: a plain BatchNorm gives the same parameters and state.
        let plain = transformWithState { (x: Tensor) in
            BatchNorm(createScale: true, createOffset: true, decayRate: 0.9)(x, isTraining: true)
        }
        let (params, state) = try plain.initialize(rng: PRNGKey(1), xs[TensorIndex.at(0)])
        let names = state.keys.sorted().flatMap { module in state[module]!.keys.sorted().map { (module, $0) } }
        let results = vmap({ (x: Tensor) -> [Tensor] in
            guard let (output, updated) = try? f.apply(params, state, x) else { return [Tensor(Float.nan)] }
            return [output] + names.map { updated[$0.0]![$0.1]! }
        }, axisName: "i")(xs)
        try #require(results.count == names.count + 1, "apply failed inside the vmap")
        var perExample: State = [:]
        for (index, (module, name)) in names.enumerated() { perExample[module, default: [:]][name] = results[index + 1] }
        return (results[0], perExample)
    }

    /// Index groups against `jax.pmap` over 4 CPU devices: within 1e-6
    /// (values are O(1)), since JAX's own `pmap` and `jit(vmap)` of the same
    /// cross-replica BatchNorm differ by up to 2.4e-7 on this machine (XLA
    /// compiles the per-device and the batched program differently). Wrong
    /// groups would be off by O(0.1).
    @Test func indexGroupsMatchHaikuUnderPmap() throws {
        let c = BatchNormFixtures.file["index_groups"]
        let xs = c["xs"].tensor
        let (output, state) = try perExample(c["args"], xs)
        let close = { (got: Tensor, expected: FixtureValue, label: String) throws in
            #expect(got.shape == expected.fixtureTensor.shape, "\(label) shape")
            let pairs = zip(try got.converted(to: .float32).scalars(as: Float.self), expected.floats)
            #expect(pairs.allSatisfy { abs($0 - $1) <= 1e-6 * max(1, abs($1)) }, "\(label): \(Array(pairs))")
        }
        try close(output, c["output"], "output")
        for module in c["state"].keys {
            for name in c["state"][module].keys { try close(state[module]![name]!, c["state"][module][name], "\(module)/\(name)") }
        }
    }
}

import Haiku
import Testing

/// `ExponentialMovingAverage` and `EMAParamsTree` against dm-haiku 0.0.17
/// (fixture groups "ema" and "ema_tree" of `Scripts/fixtures/batch_norm.py`):
/// state names, shapes and dtypes, every output and state value bit for bit.
@Suite struct MovingAverageTests {
    static let file = BatchNormFixtures.file

    /// The transformed average for one `updateStats` flag.
    func ema(_ args: FixtureValue, update: Bool) -> TransformedWithState<Tensor, Tensor> {
        let (decay, zeroDebias, warmupLength) = BatchNormFixtures.emaArguments(args)
        return transformWithState { (x: Tensor) in
            ExponentialMovingAverage(decay: decay, zeroDebias: zeroDebias, warmupLength: warmupLength)(x, updateStats: update)
        }
    }

    @Test(arguments: ["debias", "no_debias", "warmup", "decay_zero", "bfloat16"])
    func averagesMatchHaiku(_ name: String) throws {
        let c = Self.file["ema"][name]
        let steps = c["steps"].array
        var state = try ema(c["args"], update: true).initialize(rng: nil, steps[0]["value"].tensor).state
        c["init_state"].expectBundles(state, "\(name) init state")
        for (index, step) in steps.enumerated() {
            let output: Tensor
            (output, state) = try ema(c["args"], update: step["update"].bool).apply([:], state, step["value"].tensor)
            step["output"].expectTensor(output, "\(name) step \(index) output")
            step["state"].expectBundles(state, "\(name) step \(index) state")
        }
    }

    @Test func initializeCreatesZeros() throws {
        let f = transformWithState { () -> Tensor in
            let ema = ExponentialMovingAverage(decay: 0.5)
            ema.initialize(shape: [2, 3])
            return ema.average
        }
        let (_, state) = try f.initialize(rng: nil)
        let c = Self.file["ema"]["initialize"]
        c["state"].expectBundles(state, "initialize state")
        c["average"].expectTensor(try f.apply([:], state).output, "average")
    }

    @Test(arguments: ["doc", "ignore", "ignore_b"])
    func paramsTreeMatchesHaiku(_ name: String) throws {
        let c = Self.file["ema_tree"][name]
        let (decay, zeroDebias, warmupLength) = BatchNormFixtures.emaArguments(c["args"])
        let ignore = c["args"].keys.contains("ignoreRegex") ? c["args"]["ignoreRegex"].string : ""
        let tree = { (update: Bool) in
            transformWithState { (params: Params) in
                EMAParamsTree(decay: decay, zeroDebias: zeroDebias, warmupLength: warmupLength, ignoreRegex: ignore)(
                    params, updateStats: update)
            }
        }
        let params = BatchNormFixtures.bundle(c["params"])
        var state = try tree(true).initialize(rng: nil, params).state
        c["init_state"].expectBundles(state, "\(name) init state")
        for (index, step) in c["steps"].array.enumerated() {
            let scale = Tensor(Float(step["scale"].double))
            let scaled = params.mapValues { $0.mapValues { $0 * scale } }
            let output: Params
            (output, state) = try tree(step["update"].bool).apply([:], state, scaled)
            step["output"].expectBundles(output, "\(name) step \(index) output")
            step["state"].expectBundles(state, "\(name) step \(index) state")
        }
    }

    /// The documentation's example, as written there.
    @Test func documentationExampleRuns() throws {
        let network = transform { (x: Tensor) in Linear(10)(x) }
        let params = try network.initialize(rng: PRNGKey(428), Tensor.ones([1, 1]))
        let ema = transformWithState { (params: Params) in EMAParamsTree(decay: 0.2)(params) }
        let (_, emaState) = try ema.initialize(rng: nil, params)
        let (emaParams, newState) = try ema.apply([:], emaState, params)
        let c = Self.file["ema_tree"]["doc"]
        c["params"].expectBundles(params, "params")
        c["steps"][0]["output"].expectBundles(emaParams, "ema params")
        c["steps"][0]["state"].expectBundles(newState, "ema state")
    }

    /// What `tabulate` prints: the required arguments, then those that
    /// differ from Haiku's defaults.
    @Test func configurationsListWhatDiffersFromTheDefaults() {
        #expect(ExponentialMovingAverage(decay: 0.9).description == "ExponentialMovingAverage(decay: 0.9)")
        #expect(ExponentialMovingAverage(decay: 0.5, zeroDebias: false, warmupLength: 3).description
                == "ExponentialMovingAverage(decay: 0.5, zeroDebias: false, warmupLength: 3)")
        #expect(EMAParamsTree(decay: 0.2, ignoreRegex: ".*/b").description == "EMAParamsTree(decay: 0.2, ignoreRegex: \".*/b\")")
        #expect(BatchNorm(createScale: true, createOffset: false, decayRate: 0.9).description
                == "BatchNorm(createScale: true, createOffset: false, decayRate: 0.9)")
        #expect(BatchNorm(createScale: false, createOffset: true, decayRate: 0.99, eps: 0.001, axis: [0], crossReplicaAxis: "i",
                          dataFormat: .nchw, name: "bn").description
                == "BatchNorm(createScale: false, createOffset: true, decayRate: 0.99, eps: 0.001, axis: [0], "
                + "crossReplicaAxis: \"i\", dataFormat: \"NCHW\", name: \"bn\")")
    }
}

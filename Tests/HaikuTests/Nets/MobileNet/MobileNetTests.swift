import Haiku
import Testing

/// `MobileNetV1` against dm-haiku 0.0.17 (`Fixtures/mobilenet.json`,
/// `Scripts/fixtures/mobilenet_vq.py`): the default network's parameter
/// names in creation order and every parameter and state shape; for small
/// networks with and without batch normalization the initial parameters
/// bit for bit, the initial state (init's training pass has already folded
/// one batch's statistics into the moving averages), the logits of a
/// training apply, the state it leaves and the logits of an evaluation
/// apply with that state.
///
/// Logits and state pass through four to eight convolutions (up to 27
/// products each), batch-norm reductions over 98 to 392 elements and the
/// final `Linear`: a few hundred roundings, whose float32 error (a few
/// 1e-5 of the values' scale at most) batch normalization rescales by the
/// ratio of scale to standard deviation. We allow 1e-4 of the largest
/// expected magnitude; the Zen 3 vs Zen 5 difference observed is far below.
@Suite struct MobileNetTests {
    static let cases = NetsFixtures.mobileNet["cases"]
    static let rtol: Float = 1e-4

    static func network(_ args: FixtureValue) -> MobileNetV1 {
        MobileNetV1(strides: args["strides"].ints, channels: args["channels"].ints, numClasses: args["numClasses"].int,
                    useBN: args["useBN"].bool)
    }

    @Test func defaultNetworkNamesAndShapesMatchHaiku() throws {
        let expected = NetsFixtures.mobileNet["default"]
        let order = ConvolutionModuleTests.CreationOrder()
        let f = transformWithState { (x: Tensor) in order.recording { MobileNetV1()(x, isTraining: true) } }
        let (params, state) = try f.initialize(rng: PRNGKey(42), Tensor.zeros([1, 32, 32, 3]))
        #expect(order.names == expected["params_order"].strings)
        #expect(HaikuFixtures.nameShapes(params) == Self.shapes(expected["params_shapes"]))
        #expect(HaikuFixtures.nameShapes(state) == Self.shapes(expected["state_shapes"]))
        #expect(params.values.reduce(0) { $0 + $1.values.reduce(0) { $0 + $1.size } } == 4_231_976)
    }

    static func shapes(_ value: FixtureValue) -> [String: [Int]] {
        Dictionary(uniqueKeysWithValues: value.keys.map { ($0, value[$0].ints) })
    }

    @Test(arguments: cases.keys)
    func smallNetworkMatchesHaiku(_ name: String) throws {
        let c = Self.cases[name]
        let x = c["x"].tensor
        let order = ConvolutionModuleTests.CreationOrder()
        let train = transformWithState { (x: Tensor) in
            order.recording { Self.network(c["args"])(x, isTraining: true) }
        }
        let evaluation = transformWithState { (x: Tensor) in Self.network(c["args"])(x, isTraining: false) }
        let (params, state) = try train.initialize(rng: PRNGKey(42), x)
        #expect(order.names == c["params_order"].strings, "\(name): creation order")
        c["params"].expectBundles(params, "\(name) params")
        // Init runs the network in training mode: the moving averages already hold one batch's statistics.
        NetsFixtures.expectClose(state, c["state"], "\(name) initial state", rtol: Self.rtol)
        let (logits, trained) = try train.apply(params, state, x)
        NetsFixtures.expectClose(logits, c["train_logits"], "\(name) training logits", rtol: Self.rtol)
        NetsFixtures.expectClose(trained, c["train_state"], "\(name) state after training", rtol: Self.rtol)
        let (evaluated, unchanged) = try evaluation.apply(params, trained, x)
        NetsFixtures.expectClose(evaluated, c["eval_logits"], "\(name) evaluation logits", rtol: Self.rtol)
        #expect(HaikuFixtures.nameShapes(unchanged) == HaikuFixtures.nameShapes(trained))
    }

    @Test func stridesAndChannelsOfDifferentLengthsAreAnErrorNamingTheModule() throws {
        let haiku = NetsFixtures.mobileNet["errors"]["strides_channels"]["message"].string
        #expect(haiku == "`strides` and `channels` must have the same length.")
        let error = try #require(initializationError(Tensor.zeros([1, 16, 16, 3])) { (x: Tensor) in
            MobileNetV1(strides: [1, 2], channels: [8])(x, isTraining: true)
        })
        #expect(error.description.contains(
            "mobile_net_v1 (MobileNetV1): `strides` (2) and `channels` (1) must have the same length"), "\(error)")
    }

    @Test func configurationListsWhatDiffersFromHaikusDefaults() {
        #expect(MobileNetV1().description == "MobileNetV1(numClasses: 1000)")
        #expect(MobileNetV1(strides: [1], channels: [8], numClasses: 10, useBN: false, name: "net").description
                    == "MobileNetV1(numClasses: 10, strides: [1], channels: [8], useBN: false, name: \"net\")")
        #expect(MobileNetV1Block(channels: 8, stride: 2).description == "MobileNetV1Block(channels: 8, stride: 2)")
    }
}

import Haiku
import Testing

/// `VectorQuantizer` and `VectorQuantizerEMA` against dm-haiku 0.0.17
/// (`Fixtures/vector_quantizer.json`, `Scripts/fixtures/mobilenet_vq.py`):
/// the embeddings' names and initial values bit for bit; the encodings
/// and indices exactly (the script checks that every nearest embedding is
/// at least 1e-3 nearer than the next, or an exact tie of equal
/// embeddings); distances, losses, perplexity, the EMA state over three
/// training steps and the gradients through the straight-through
/// estimator within 1e-5 of the largest expected magnitude (dot products
/// of 4 and 6 terms, sums over at most 12 rows, and a few elementwise
/// steps per training step: tens of roundings).
@Suite struct VectorQuantizerTests {
    static let fixture = NetsFixtures.vectorQuantizer
    static let rtol: Float = 1e-5

    static func vq(crossReplicaAxis: String? = nil) -> VectorQuantizer {
        VectorQuantizer(embeddingDim: 4, numEmbeddings: 6, commitmentCost: 0.25, crossReplicaAxis: crossReplicaAxis)
    }

    static func ema(crossReplicaAxis: String? = nil) -> VectorQuantizerEMA {
        VectorQuantizerEMA(embeddingDim: 4, numEmbeddings: 6, commitmentCost: 0.25, decay: 0.9,
                           crossReplicaAxis: crossReplicaAxis)
    }

    static func expectOutputs(_ output: VectorQuantizerOutput, _ expected: FixtureValue, _ label: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        expected["encodings"].expectTensor(output.encodings, "\(label) encodings", sourceLocation: sourceLocation)
        expected["encoding_indices"].expectTensor(output.encodingIndices, "\(label) indices", sourceLocation: sourceLocation)
        for (key, tensor) in [("quantize", output.quantize), ("loss", output.loss), ("perplexity", output.perplexity),
                              ("distances", output.distances)] {
            NetsFixtures.expectClose(tensor, expected[key], "\(label) \(key)", rtol: rtol, sourceLocation: sourceLocation)
        }
    }

    /// The gradient of `sum(quantize · cotangent) + loss` with respect to
    /// the parameters and the input, as the fixture's `grad_params` and `grad_x`.
    static func expectGradients(_ c: FixtureValue, x: Tensor, params: Params, state: State,
                                _ module: @escaping () -> (Tensor) -> VectorQuantizerOutput, _ label: String) {
        let cotangent = c["cotangent"].tensor
        var point = params
        point["input"] = ["x": x]
        let gradients = grad { (point: Params) -> Tensor in
            var params = point
            let input = params.removeValue(forKey: "input")?["x"] ?? x
            let f = transformWithState { (x: Tensor) in module()(x) }
            guard let output = try? f.apply(params, state, input).output else { return Tensor(Float.nan) }
            return (output.quantize * cotangent).sum() + output.loss
        }(point)
        NetsFixtures.expectClose(gradients["input"]?["x"] ?? Tensor(Float.nan), c["grad_x"], "\(label) d x", rtol: rtol)
        NetsFixtures.expectClose(gradients.filter { $0.key != "input" }, c["grad_params"], "\(label) d params", rtol: rtol)
    }

    @Test func vectorQuantizerMatchesHaiku() throws {
        let c = Self.fixture["vq"]
        let x = c["x"].tensor
        let order = ConvolutionModuleTests.CreationOrder()
        let f = transformWithState { (x: Tensor) in order.recording { Self.vq()(x, isTraining: true) } }
        let (params, state) = try f.initialize(rng: PRNGKey(42), x)
        #expect(order.names == c["params_order"].strings)
        c["params"].expectBundles(params, "params")
        #expect(state.isEmpty)
        Self.expectOutputs(try f.apply(params, state, x).output, c["outputs"], "vq")
        let lookup = transform { (indices: Tensor) in Self.vq().quantize(encodingIndices: indices) }
        c["quantized"].expectTensor(try lookup.apply(params, rng: nil, c["quantize_indices"].tensor), "quantize(encodingIndices:)")
        Self.expectGradients(c, x: x, params: params, state: state, { { Self.vq()($0, isTraining: true) } }, "vq")
    }

    @Test func straightThroughEstimatorPassesTheCotangentToTheInput() throws {
        let c = Self.fixture["vq"]
        let x = c["x"].tensor
        let f = transform { (x: Tensor) in Self.vq()(x, isTraining: true).quantize }
        let params = try f.initialize(rng: PRNGKey(42), x)
        let cotangent = c["cotangent"].tensor
        let dx = grad { (x: Tensor) in (((try? f.apply(params, rng: nil, x)) ?? Tensor(Float.nan)) * cotangent).sum() }(x)
        c["cotangent"].expectTensor(dx, "d x of sum(quantize * cotangent)")
    }

    @Test func vectorQuantizerEMAMatchesHaikuOverSeveralSteps() throws {
        let c = Self.fixture["ema"]
        let xs = c["xs"].array.map(\.tensor)
        let train = transformWithState { (x: Tensor) in Self.ema()(x, isTraining: true) }
        let (params, initial) = try train.initialize(rng: PRNGKey(42), xs[0])
        #expect(params.isEmpty)
        c["state"].expectBundles(initial, "initial state")
        var state = initial
        for (index, step) in c["steps"].array.enumerated() {
            let output: VectorQuantizerOutput
            (output, state) = try train.apply(params, state, xs[index])
            Self.expectOutputs(output, step["outputs"], "step \(index)")
            NetsFixtures.expectClose(state, step["state"], "step \(index) state", rtol: Self.rtol)
        }
        let evaluation = transformWithState { (x: Tensor) in Self.ema()(x, isTraining: false) }
        let (output, evaluated) = try evaluation.apply(params, state, xs[0])
        Self.expectOutputs(output, c["eval_outputs"], "evaluation")
        NetsFixtures.expectClose(evaluated, c["eval_state"], "evaluation state", rtol: Self.rtol)
        Self.expectGradients(c, x: xs[0], params: params, state: initial, { { Self.ema()($0, isTraining: true) } }, "ema")
    }

    /// Both modules inside `vmap(axisName: "i")` over two replicas: the
    /// perplexity (and the EMA's cluster statistics) combined over the axis.
    @Test(arguments: ["vq", "ema"])
    func crossReplicaAxisUnderVMapMatchesHaiku(_ key: String) throws {
        let c = Self.fixture["cross_replica"][key]
        let xs = Self.fixture["cross_replica"]["xs"].tensor
        let call: (String?) -> (Tensor) -> VectorQuantizerOutput = { axis in
            key == "vq" ? { Self.vq(crossReplicaAxis: axis)($0, isTraining: true) }
                : { Self.ema(crossReplicaAxis: axis)($0, isTraining: true) }
        }
        let (params, state) = try transformWithState { (x: Tensor) in call(nil)(x) }.initialize(rng: PRNGKey(42), xs[0])
        c["params"].expectBundles(params, "\(key) params")
        c["state"].expectBundles(state, "\(key) state")
        let mapped = transformWithState { (xs: Tensor) in vmap({ (x: Tensor) in call("i")(x) }, axisName: "i", splitRNG: false)(xs) }
        let (output, newState) = try mapped.apply(params, state, xs)
        Self.expectOutputs(output, c["outputs"], "\(key) replicated")
        NetsFixtures.expectClose(newState, c["new_state"], "\(key) replicated state", rtol: Self.rtol)
    }

    @Test func configurationListsWhatDiffersFromHaikusDefaults() {
        #expect(Self.vq().description == "VectorQuantizer(embeddingDim: 4, numEmbeddings: 6, commitmentCost: 0.25)")
        #expect(VectorQuantizerEMA(embeddingDim: 4, numEmbeddings: 6, commitmentCost: 0.25, decay: 0.9, epsilon: 1e-3,
                                   dtype: .bfloat16, crossReplicaAxis: "i").description
                    == "VectorQuantizerEMA(embeddingDim: 4, numEmbeddings: 6, commitmentCost: 0.25, decay: 0.9, "
                    + "epsilon: 0.001, dtype: bfloat16, crossReplicaAxis: \"i\")")
    }

    /// As JAX's `w[(indices,)]`: a negative index counts from the end, one
    /// still out of range is clamped to the nearest row.
    @Test func quantizeCountsNegativeIndicesFromTheEndAndClampsTheRest() throws {
        let params = try transform { (x: Tensor) in Self.vq()(x, isTraining: true) }
            .initialize(rng: PRNGKey(42), Tensor.zeros([1, 4]))
        let lookup = transform { (indices: Tensor) in Self.vq().quantize(encodingIndices: indices) }
        let rows = try lookup.apply(params, rng: nil, Tensor([Int32(-1), 7, -9, 2]))
        let codebook = try #require(params["vector_quantizer"]?["embeddings"]).transposed()
        let expected = try lookup.apply(params, rng: nil, Tensor([Int32(5), 5, 0, 2]))
        #expect(try rows.scalars(as: Float.self) == expected.scalars(as: Float.self))
        #expect(try rows[3].scalars(as: Float.self) == codebook[2].scalars(as: Float.self))
    }
}

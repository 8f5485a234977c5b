import Haiku
import Testing

/// `MLP` and `Linear` against real Haiku (fixture group "mlp"): parameter
/// names, shapes and values bit for bit, and outputs within the derived
/// tolerance of their chain of `Linear` layers (``LinearChainBound``; bit
/// for bit against fixtures regenerated on this machine).
@Suite struct MLPTests {
    static let fixture = HaikuFixtures.core["mlp"]

    @Test func mlp342() throws {
        let c = Self.fixture["mlp_3_4_2"]
        let x = c["x"].tensor
        let f = transform { (x: Tensor) in MLP([3, 4, 2])(x) }
        let params = try f.initialize(rng: PRNGKey(42), x)
        c["params"].expectBundles(params, "params")
        let bound = LinearChainBound(params: params, input: x)
        c["output"].expectContraction(try f.apply(params, rng: nil, x), "output", tolerance: bound.tolerance,
                                      magnitudes: bound.magnitudes)
    }

    @Test func mlpWithDropout() throws {
        let c = Self.fixture["mlp_dropout"]
        let x = c["x"].tensor
        // next_rng_key() is drawn before MLP creates its parameters.
        let f = transform { (x: Tensor) in MLP([3, 4, 2])(x, dropoutRate: 0.5, rng: nextRNGKey()) }
        let params = try f.initialize(rng: PRNGKey(42), x)
        c["params"].expectBundles(params, "params")
        let bound = LinearChainBound(params: params, input: x, hiddenGain: 2)
        c["output"].expectContraction(try f.apply(params, rng: PRNGKey(7), x), "output", tolerance: bound.tolerance,
                                      magnitudes: bound.magnitudes)
    }

    @Test func mlpWithDropoutNondegenerate() throws {
        let c = Self.fixture["mlp_dropout_nondegenerate"]
        let x = c["x"].tensor
        let f = transform { (x: Tensor) in MLP([8, 8, 3])(x, dropoutRate: 0.5, rng: nextRNGKey()) }
        let params = try f.initialize(rng: PRNGKey(42), x)
        c["params"].expectBundles(params, "params")
        let bound = LinearChainBound(params: params, input: x, hiddenGain: 2)
        c["output"].expectContraction(try f.apply(params, rng: PRNGKey(7), x), "output", tolerance: bound.tolerance,
                                      magnitudes: bound.magnitudes)
        let plain = transform { (x: Tensor) in MLP([8, 8, 3])(x) }
        let plainBound = LinearChainBound(params: params, input: x)
        c["output_without_dropout"].expectContraction(try plain.apply(params, rng: nil, x), "output_without_dropout",
                                                      tolerance: plainBound.tolerance, magnitudes: plainBound.magnitudes)
        // The masks matter: the two outputs differ.
        #expect(c["output"].floats != c["output_without_dropout"].floats)
    }

    @Test func mlpActivateFinalWithoutBias() throws {
        let c = Self.fixture["mlp_activate_final_no_bias"]
        let x = c["x"].tensor
        let f = transform { (x: Tensor) in MLP([3, 2], withBias: false, activateFinal: true)(x) }
        let params = try f.initialize(rng: PRNGKey(42), x)
        c["params"].expectBundles(params, "params")
        let bound = LinearChainBound(params: params, input: x)
        c["output"].expectContraction(try f.apply(params, rng: nil, x), "output", tolerance: bound.tolerance,
                                      magnitudes: bound.magnitudes)
    }

    @Test func mlpReversed() throws {
        let c = Self.fixture["mlp_reverse"]
        let x = c["x"].tensor
        let f = transform { (x: Tensor) -> [Tensor] in
            let m = MLP([3, 4])
            let y = m(x)
            let rev = m.reversed()
            return [y, rev(y)]
        }
        let params = try f.initialize(rng: PRNGKey(42), x)
        // Haiku's MLP.reverse is a module method, so the reversed MLP is
        // created in it: `mlp/~reverse/mlp_reversed/~/linear_i`.
        #expect(HaikuFixtures.nameShapes(params) == c["names"].nameShapes)
        c["params"].expectBundles(params, "params")
        let outputs = try f.apply(params, rng: nil, x)
        try #require(outputs.count == 2)
        let forward = LinearChainBound(params: params.filter { !$0.key.contains("~reverse") }, input: x)
        c["y"].expectContraction(outputs[0], "y", tolerance: forward.tolerance, magnitudes: forward.magnitudes)
        let both = LinearChainBound(params: params, input: x)
        c["output"].expectContraction(outputs[1], "output", tolerance: both.tolerance, magnitudes: both.magnitudes)
    }

    @Test func linearWithoutBias() throws {
        let c = Self.fixture["linear_no_bias"]
        let f = transform { (x: Tensor) in Linear(3, withBias: false)(x) }
        let params = try f.initialize(rng: PRNGKey(42), Tensor.ones([1, 5]))
        #expect(HaikuFixtures.nameShapes(params) == c["names"].nameShapes)
        c["params"].expectBundles(params, "params")
    }

    /// The MLP of Haiku's README example. The argmax is
    /// compared exactly: each row's top two logits lie further apart than
    /// twice the tolerance, so no machine's rounding can swap them, or the
    /// row is computed exactly (x = 0: every logit is 0, magnitude 0).
    @Test func subsetE12Argmax() throws {
        let c = Self.fixture["subset_e12"]
        let f = transform { (x: Tensor) in MLP([300, 100, 10])(x) }
        let params = try f.initialize(rng: PRNGKey(42), Tensor.zeros([10, 1]))
        #expect(HaikuFixtures.nameShapes(params) == c["names"].nameShapes)
        let xs = Tensor((0..<10).map { Float($0) }, shape: [10, 1])
        let logits = try f.apply(params, rng: nil, xs)
        let bound = LinearChainBound(params: params, input: xs)
        c["logits"].expectContraction(logits, "logits", tolerance: bound.tolerance, magnitudes: bound.magnitudes)
        let expected = c["logits"].floats
        let bounds = try bound.magnitudes.scalars(as: Float.self).map { bound.tolerance.bound(magnitude: $0) }
        for row in stride(from: 0, to: expected.count, by: 10) {
            let (top, bound) = (expected[row..<row + 10].sorted(by: >), bounds[row..<row + 10].max() ?? 0)
            #expect(top[0] - top[1] > 2 * bound || bound == 0, "row \(row / 10): top logits within the tolerance")
        }
        let argmax = try logits.argmax(axis: -1).scalars(as: Int32.self).map(Int.init)
        #expect(argmax == c["argmax"].ints)
    }
}

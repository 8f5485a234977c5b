import Haiku
import Testing

/// `MLP` and `Linear` against real Haiku (fixture group "mlp"): parameter
/// names, shapes and values, and outputs, float32 bit for bit.
@Suite struct MLPTests {
    static let fixture = HaikuFixtures.core["mlp"]

    @Test func mlp342() throws {
        let c = Self.fixture["mlp_3_4_2"]
        let x = c["x"].tensor
        let f = transform { (x: Tensor) in MLP([3, 4, 2])(x) }
        let params = try f.initialize(rng: PRNGKey(42), x)
        c["params"].expectBundles(params, "params")
        c["output"].expectTensor(try f.apply(params, rng: nil, x), "output")
    }

    @Test func mlpWithDropout() throws {
        let c = Self.fixture["mlp_dropout"]
        let x = c["x"].tensor
        // next_rng_key() is drawn before MLP creates its parameters.
        let f = transform { (x: Tensor) in MLP([3, 4, 2])(x, dropoutRate: 0.5, rng: nextRNGKey()) }
        let params = try f.initialize(rng: PRNGKey(42), x)
        c["params"].expectBundles(params, "params")
        c["output"].expectTensor(try f.apply(params, rng: PRNGKey(7), x), "output")
    }

    @Test func mlpWithDropoutNondegenerate() throws {
        let c = Self.fixture["mlp_dropout_nondegenerate"]
        let x = c["x"].tensor
        let f = transform { (x: Tensor) in MLP([8, 8, 3])(x, dropoutRate: 0.5, rng: nextRNGKey()) }
        let params = try f.initialize(rng: PRNGKey(42), x)
        c["params"].expectBundles(params, "params")
        c["output"].expectTensor(try f.apply(params, rng: PRNGKey(7), x), "output")
        let plain = transform { (x: Tensor) in MLP([8, 8, 3])(x) }
        c["output_without_dropout"].expectTensor(try plain.apply(params, rng: nil, x), "output_without_dropout")
        // The masks matter: the two outputs differ.
        #expect(c["output"].floats != c["output_without_dropout"].floats)
    }

    @Test func mlpActivateFinalWithoutBias() throws {
        let c = Self.fixture["mlp_activate_final_no_bias"]
        let x = c["x"].tensor
        let f = transform { (x: Tensor) in MLP([3, 2], withBias: false, activateFinal: true)(x) }
        let params = try f.initialize(rng: PRNGKey(42), x)
        c["params"].expectBundles(params, "params")
        c["output"].expectTensor(try f.apply(params, rng: nil, x), "output")
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
        c["y"].expectTensor(outputs[0], "y")
        c["output"].expectTensor(outputs[1], "output")
    }

    @Test func linearWithoutBias() throws {
        let c = Self.fixture["linear_no_bias"]
        let f = transform { (x: Tensor) in Linear(3, withBias: false)(x) }
        let params = try f.initialize(rng: PRNGKey(42), Tensor.ones([1, 5]))
        #expect(HaikuFixtures.nameShapes(params) == c["names"].nameShapes)
        c["params"].expectBundles(params, "params")
    }

    /// The MLP of Haiku's README example (spec subset E12).
    @Test func subsetE12Argmax() throws {
        let c = Self.fixture["subset_e12"]
        let f = transform { (x: Tensor) in MLP([300, 100, 10])(x) }
        let params = try f.initialize(rng: PRNGKey(42), Tensor.zeros([10, 1]))
        #expect(HaikuFixtures.nameShapes(params) == c["names"].nameShapes)
        let xs = Tensor((0..<10).map { Float($0) }, shape: [10, 1])
        let logits = try f.apply(params, rng: nil, xs)
        c["logits"].expectTensor(logits, "logits")
        let argmax = try logits.argmax(axis: -1).scalars(as: Int32.self).map(Int.init)
        #expect(argmax == c["argmax"].ints)
    }
}

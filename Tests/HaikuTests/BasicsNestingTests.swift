import Haiku
import Testing

/// The rest of the Haiku Basics colab against real Haiku (fixture group
/// "basics"): a module holding an MLP and a custom linear, and nested
/// random modules drawing Bernoullis.
@Suite struct BasicsNestingTests {
    static let fixture = HaikuFixtures.core["basics"]

    final class MyModuleCustom: Module {
        let internalLinear1: MLP
        let internalLinear2: MyLinear1
        init(outputSize: Int = 2, name: ModuleName = "custom_linear") {
            internalLinear1 = MLP([2, 3], name: "hk_internal_linear")
            internalLinear2 = MyLinear1(outputSize: outputSize, name: "old_linear")
            super.init(name: name)
        }

        func callAsFunction(_ x: Tensor) -> Tensor {
            method(x) { x in internalLinear2(internalLinear1(x)) }
        }
    }

    @Test func customModuleWithNestedMLP() throws {
        let c = Self.fixture["custom"]
        let x = c["x"].tensor
        let f = withoutApplyRNG(transform { (x: Tensor) in MyModuleCustom()(x) })
        let params = try f.initialize(rng: PRNGKey(42), x)
        c["params"].expectBundles(params, "params")
        let bound = LinearChainBound(params: params, input: x)
        c["output"].expectContraction(try f.apply(params, x), "output", tolerance: bound.tolerance, magnitudes: bound.magnitudes)
    }

    @Test func linear1MutatedParams() throws {
        let c = Self.fixture["linear1"]
        let f = withoutApplyRNG(transform { (x: Tensor) in MyLinear1(outputSize: 2)(x) })
        let x1 = c["x1"].tensor
        let params = try f.initialize(rng: PRNGKey(42), x1)
        c["params"].expectBundles(params, "params")
        for (label, x) in [("output_1", x1), ("output_2", c["x2"].tensor)] {
            let bound = LinearChainBound(params: params, input: x)
            c[label].expectContraction(try f.apply(params, x), label, tolerance: bound.tolerance, magnitudes: bound.magnitudes)
        }
        let mutated = params.mapValues { $0.mapValues { $0 + 1 } }
        c["mutated_params"].expectBundles(mutated, "mutated_params")
        let bound = LinearChainBound(params: mutated, input: x1)
        c["mutated_output"].expectContraction(try f.apply(mutated, x1), "mutated_output", tolerance: bound.tolerance,
                                              magnitudes: bound.magnitudes)
    }

    // MARK: bernoulli_nest

    final class HkRandom2: Module {
        let rate: Double
        init(rate: Double = 0.5, name: ModuleName = nil) {
            self.rate = rate
            super.init(name: name)
        }

        func callAsFunction(_ x: Tensor) -> Tensor {
            method(x) { x in
                let key1 = nextRNGKey()
                return bernoulli(key1, p: Tensor(floatLiteral: 1 - rate), shape: x.shape)
            }
        }
    }

    final class HkRandomNest: Module {
        let rate: Double
        let anotherRandomModule: HkRandom2
        init(rate: Double = 0.5, name: ModuleName = nil) {
            self.rate = rate
            anotherRandomModule = HkRandom2()
            super.init(name: name)
        }

        /// `[p1 (inner), p2 (outer)]`; the outer key is drawn first.
        func callAsFunction(_ x: Tensor) -> [Tensor] {
            method(x) { x in
                let key2 = nextRNGKey()
                let p1 = anotherRandomModule(x)
                let p2 = bernoulli(key2, p: Tensor(floatLiteral: 1 - rate), shape: x.shape)
                return [p1, p2]
            }
        }
    }

    static func pair(_ p: [Tensor]) throws -> [Bool] {
        try p.map { try $0.item(as: Bool.self) }
    }

    static let x = Tensor(Float(1))

    @Test func bernoulliNestDuringInit() throws {
        let c = Self.fixture["bernoulli_nest"]
        // Python records (p1, p2) drawn in init on the side; here they go
        // to the initial state, which `initialize` returns.
        let f = transformWithState { (x: Tensor) -> [Tensor] in
            let out = HkRandomNest()(x)
            if runningInit() {
                setState("p1", out[0])
                setState("p2", out[1])
            }
            return out
        }
        let (params, state) = try f.initialize(rng: PRNGKey(42), Self.x)
        #expect(params.isEmpty)
        let seen = try [state["~"]?["p1"], state["~"]?["p2"]].map { try #require($0).item(as: Bool.self) }
        #expect(seen == c["init"].bools)
    }

    @Test func bernoulliNestApplySameKey() throws {
        let c = Self.fixture["bernoulli_nest"]
        let f = transform { (x: Tensor) in HkRandomNest()(x) }
        let params = try f.initialize(rng: PRNGKey(42), Self.x)
        let expected = c["apply"].array.map(\.bools)
        #expect(expected.count == 5)
        for want in expected {
            #expect(try Self.pair(f.apply(params, rng: PRNGKey(42), Self.x)) == want)
        }
    }

    /// The split loop then the PRNGSequence loop, from `start`.
    static func splitAndSequence(_ f: Transformed<Tensor, [Tensor]>, _ params: Params, from start: PRNGKey)
        throws -> (split: [[Bool]], sequence: [[Bool]]) {
        var rngKey = start
        var fromSplits: [[Bool]] = []
        for _ in 0..<3 {
            let keys = split(rngKey)
            rngKey = keys[0]
            fromSplits.append(try pair(f.apply(params, rng: keys[1], x)))
        }
        var sequence = PRNGSequence(rngKey)
        var fromSequence: [[Bool]] = []
        for _ in 0..<3 { fromSequence.append(try pair(f.apply(params, rng: sequence.next(), x))) }
        return (fromSplits, fromSequence)
    }

    @Test func bernoulliNestSplitAndSequence() throws {
        let c = Self.fixture["bernoulli_nest"]
        let f = transform { (x: Tensor) in HkRandomNest()(x) }
        let params = try f.initialize(rng: PRNGKey(42), Self.x)
        let (splits, sequence) = try Self.splitAndSequence(f, params, from: PRNGKey(42))
        #expect(splits == c["apply_split"].array.map(\.bools))
        #expect(sequence == c["apply_sequence"].array.map(\.bools))
    }

    /// The numbers printed in Haiku's basics notebook (key split 4 times first).
    @Test func bernoulliNestDocsNumbers() throws {
        let c = Self.fixture["bernoulli_nest"]
        let f = transform { (x: Tensor) in HkRandomNest()(x) }
        let params = try f.initialize(rng: PRNGKey(42), Self.x)
        var start = PRNGKey(42)
        for _ in 0..<4 { start = split(start)[0] }
        let (splits, sequence) = try Self.splitAndSequence(f, params, from: start)
        #expect(splits == c["docs_apply_split"].array.map(\.bools))
        #expect(sequence == c["docs_apply_sequence"].array.map(\.bools))
    }
}

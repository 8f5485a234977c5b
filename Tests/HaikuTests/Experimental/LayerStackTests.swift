import Haiku
import ProcessSupport
import Testing

/// `layerStack` against dm-haiku 0.0.17's `hk.layer_stack`
/// (`Fixtures/layer_stack.json`, written by `Scripts/fixtures/layer_stack.py`,
/// which builds each case alike): parameter and state names, shapes and
/// values, per-layer random keys, outputs; and the misuses Haiku rejects.
@Suite struct LayerStackTests {
    static let file = fixtureFile("layer_stack")
    static let x = file["inputs"]["x"].tensor
    static let ys = file["inputs"]["ys"].tensor
    /// Outputs pass through at most four 3-wide `Linear` layers (dot
    /// products of length 3 plus a bias), a shallow chain: rtol 1e-5 of the
    /// largest magnitude covers a few ulp of difference per layer.
    static let rtol: Float = 1e-5

    /// `f` initialized with `PRNGKey(0)` and applied with `applyRNG`, checked
    /// against case `name`: parameters and state exactly (initializers draw
    /// exactly the same bits), the output within ``rtol``.
    static func check<Output: TensorTree>(
        _ name: String, applyRNG: PRNGKey? = nil, _ f: @escaping (Tensor) throws -> Output,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Output {
        let c = file["cases"][name]
        let model = transformWithState(f)
        let (params, state) = try model.initialize(rng: PRNGKey(0), x)
        c["params"].expectBundles(params, "\(name) params", sourceLocation: sourceLocation)
        c["state"].expectBundles(state, "\(name) state", sourceLocation: sourceLocation)
        let (output, applied) = try model.apply(params, state, rng: applyRNG, x)
        c["applied_state"].expectBundles(applied, "\(name) applied state", sourceLocation: sourceLocation)
        return output
    }

    @Test(arguments: [nil, PRNGKey(1)])
    func plainStackNamesAndValues(_ applyRNG: PRNGKey?) throws {
        let output = try Self.check(applyRNG == nil ? "plain" : "plain_with_rng", applyRNG: applyRNG) { x in
            try layerStack(4)({ (x: Tensor) in relu(Linear(3)(x)) })(x)
        }
        NetsFixtures.expectClose(output, Self.file["cases"]["plain"]["output"], "output", rtol: Self.rtol)
    }

    @Test func perLayerInputsAndOutputs() throws {
        let c = Self.file["cases"]["per_layer"]
        let stack = layerStack(4, withPerLayerInputs: true, name: "blocks")
        let model = transform { (x: Tensor, ys: Tensor) in
            let (last, zs) = try stack({ (x: Tensor, y: Tensor) in (tanh(Linear(3)(x)) + y, x.sum(axes: [-1])) })(x, ys)
            return [last, zs]
        }
        let params = try model.initialize(rng: PRNGKey(0), Self.x, Self.ys)
        c["params"].expectBundles(params, "params")
        let outputs = try model.apply(params, Self.x, Self.ys)
        NetsFixtures.expectClose(outputs[0], c["output"], "output", rtol: Self.rtol)
        NetsFixtures.expectClose(outputs[1], c["zs"], "zs", rtol: Self.rtol)
    }

    /// Each layer's key while initializing (drawn by its `RandomUniform`
    /// parameter) and while applying (returned as its output), bit for bit.
    @Test func perLayerKeysAsHaikuSplitsThem() throws {
        let c = Self.file["cases"]["keys"]
        let outputs = try Self.check("keys", applyRNG: PRNGKey(1)) { x in
            let (last, keys) = try layerStack(3, withPerLayerInputs: true)({ (x: Tensor, _: [Tensor]) in
                (x + parameter("w", shape: [3], init: RandomUniform()), nextRNGKey().data)
            })(x, [])
            return [last, keys]
        }
        c["output"].expectTensor(outputs[0], "output")
        c["zs"].expectTensor(outputs[1], "keys")
    }

    @Test func stateIsStackedAndUpdated() throws {
        let output = try Self.check("state") { x in
            try layerStack(3)({ (x: Tensor) in
                let count = getState("count", shape: [], init: .zeros)
                setState("count", count + 1)
                return x + count
            })(x)
        }
        Self.file["cases"]["state"]["output"].expectTensor(output, "output")
    }

    /// A stack called in a module's method is named under the module.
    final class Block: Module {
        func callAsFunction(_ x: Tensor) throws -> Tensor {
            var failure: (any Error)?
            let y = method(x) { x in
                do { return try layerStack(2)({ (x: Tensor) in Linear(3, name: "lin")(x) })(x) } catch { failure = error; return x }
            }
            if let failure { throw failure }
            return y
        }
    }

    @Test func stackInsideAModule() throws {
        let output = try Self.check("nested") { x in try Block()(x) }
        NetsFixtures.expectClose(output, Self.file["cases"]["nested"]["output"], "output", rtol: Self.rtol)
    }

    @Test func zeroLayersReturnTheInput() throws {
        let output = try Self.check("zero_layers") { x in try layerStack(0)({ (x: Tensor) in Linear(3)(x) })(x) }
        Self.file["cases"]["zero_layers"]["output"].expectTensor(output, "output")
    }

    /// Layer i of the stacked `linear_0` is `linear_i` (Haiku's test map).
    struct NumberedLayers: LayerStackTransparencyMapping {
        func stackedToFlat(_ stackedModuleName: String, index: Int) -> String {
            String(stackedModuleName.map { $0 == "0" ? Character("\(index)") : $0 })
        }

        func flatToStacked(_ flatModuleName: String) -> (stackedModuleName: String, index: Int)? {
            guard let digit = flatModuleName.first(where: \.isNumber), let index = Int(String(digit)) else { return nil }
            return (String(flatModuleName.map { $0 == digit ? "0" : $0 }), index)
        }
    }

    static func transparentBlock(_ x: Tensor, _ index: Int) -> Tensor { Linear(3, name: "linear_\(index)")(x) }

    /// Haiku's `test_transparent`: the stack's parameters have the loop's
    /// names, and the stack applied with the loop's parameters computes the loop.
    @Test func transparentStackSharesTheLoopsParameters() throws {
        let c = Self.file["cases"]["transparent"]
        let stacked = transform { (x: Tensor) in
            try layerStack(3, transparent: true, transparencyMap: NumberedLayers())({ (y: Tensor) in Self.transparentBlock(y, 0) })(x)
        }
        let looped = transform { (x: Tensor) in (0..<3).reduce(x) { Self.transparentBlock($0, $1) } }
        c["params"].expectBundles(try stacked.initialize(rng: PRNGKey(0), Self.x), "stacked params")
        let loopParams = try looped.initialize(rng: PRNGKey(0), Self.x)
        c["looped_params"].expectBundles(loopParams, "looped params")
        NetsFixtures.expectClose(try stacked.apply(loopParams, Self.x), c["output"], "output", rtol: Self.rtol)
    }

    /// The spec's example (`haiku-docs.txt`, layer_stack): x = 0, four layers
    /// of `(x + 1, y0 + y1)`.
    @Test func specExample() throws {
        let f = transform { (x: Tensor, ys: [Tensor]) in
            let (last, zs) = try layerStack(4, withPerLayerInputs: true)({ (x: Tensor, y: [Tensor]) in (x + 1, y[0] + y[1]) })(x, ys)
            return [last, zs]
        }
        let ys = [Tensor([Int32(1), 2, 3, 4]), Tensor([Int32(5), 6, 7, 8])]
        let outputs = try f.apply(try f.initialize(rng: nil, Tensor(Int32(0)), ys), Tensor(Int32(0)), ys)
        #expect(try outputs[0].scalars(as: Int32.self) == [4])
        #expect(try outputs[1].scalars(as: Int32.self) == [6, 8, 10, 12])
    }

    /// Unrolling changes the loop, not the results: 5 layers by 2 (a loop of
    /// two and one in line), by 5 (no loop) and by 0 (one per iteration).
    @Test(arguments: [0, 2, 3, 5, 9])
    func unrollKeepsTheResults(_ unroll: Int) throws {
        func model(_ unroll: Int) -> Transformed<Tensor, Tensor> {
            transform { (x: Tensor) in try layerStack(5, unroll: unroll)({ (x: Tensor) in tanh(Linear(3)(x)) })(x) }
        }
        let params = try model(1).initialize(rng: PRNGKey(0), Self.x)
        #expect(try model(unroll).initialize(rng: PRNGKey(0), Self.x)["__layer_stack_no_per_layer/linear"]?["w"]?.shape == [5, 3, 3])
        let expected = try model(1).apply(params, Self.x).scalars(as: Float.self)
        let got = try model(unroll).apply(params, Self.x).scalars(as: Float.self)
        #expect(zip(got, expected).allSatisfy { abs($0 - $1) <= 1e-6 }, "\(got) vs \(expected)")
    }

    /// One loop whatever the depth: the compiled program of 12 layers has
    /// as many dot products as that of 2 layers (one), where the same
    /// layers written as a loop have one per layer.
    @Test func programSizeIndependentOfDepth() throws {
        func dots(_ layers: Int, stacked: Bool) throws -> Int {
            let model = transform { (x: Tensor) -> Tensor in
                if stacked { return try layerStack(layers)({ (x: Tensor) in Linear(3)(x) })(x) }
                return (0..<layers).reduce(x) { x, _ in Linear(3)(x) }
            }
            let params = try model.initialize(rng: PRNGKey(0), Self.x)
            let text = try jit { (params: Params, x: Tensor) in try model.apply(params, x) }.lower(params, Self.x).stableHLO()
            return text.ranges(of: "stablehlo.dot_general").count
        }
        #expect(try dots(12, stacked: true) == 1)
        #expect(try dots(2, stacked: true) == 1)
        #expect(try dots(12, stacked: false) == 12)
    }

    /// The error a transformed function calling `body` throws.
    static func failure(_ body: @escaping (Tensor) throws -> Tensor) -> String {
        do {
            _ = try transform(body).initialize(rng: PRNGKey(0), Self.x)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func misusesAreTypedErrors() {
        let layer = { (x: Tensor) in Linear(3)(x) }
        #expect(Self.failure { x in try layerStack(-1)(layer)(x) }.contains("layerStack: numLayers must be 0 or more, not -1"))
        #expect(Self.failure { x in try layerStack(2, unroll: -1)(layer)(x) }.contains("layerStack: unroll must be 0 or more, not -1"))
        #expect(Self.failure { x in try layerStack(2, transparent: true)(layer)(x) }.contains("transparent: true needs a transparencyMap"))
        #expect(Self.failure { x in try layerStack(2, withPerLayerInputs: true)(layer)(x) }
            .contains("a layer without per-layer inputs needs withPerLayerInputs: false"))
        #expect(Self.failure { x in try layerStack(2)({ (x: Tensor, y: Tensor) in (x + y, y) })(x, Self.ys).0 }
            .contains("a layer taking per-layer inputs needs withPerLayerInputs: true"))
        // Haiku asserts `ys.shape[0] == num_layers`.
        #expect(Self.failure { x in try layerStack(3, withPerLayerInputs: true)({ (x: Tensor, y: Tensor) in (x + y, y) })(x, Self.ys).0 }
            .contains("every per-layer input needs leading dimension 3, found shape [4, 2, 3]"))
    }

    @Test func outsideATransform() {
        #expect(throws: HaikuError.self) { try layerStack(2)({ (x: Tensor) in x })(Self.x) }
    }

    /// Docs/Experimental-LayerStack.md's example, run as `HaikuExample layer-stack`.
    @Test func docsExampleRuns() throws {
        let result = try BuiltExecutable("HaikuExample").run(["layer-stack"])
        #expect(result.status == 0 && !result.crashed, "\(result.output)")
        #expect(result.output.contains("__layer_stack_no_per_layer/linear/w: [4, 3, 3]"), "\(result.output)")
        #expect(result.output.contains("stacked output shape: [2, 3]"), "\(result.output)")
    }
}

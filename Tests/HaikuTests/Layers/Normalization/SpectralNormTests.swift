import Haiku
import NumericsSupport
import Testing

/// SpectralNorm and SNParamsTree against real Haiku 0.0.17
/// (`Fixtures/spectral_norm.json`, recorded with init and apply under
/// `jax.jit`, the program our transform compiles): module and state names,
/// shapes and dtypes, the initial `u0` bit for bit, then outputs and state
/// after several applies, and the gradient with respect to the input.
///
/// Against fixtures regenerated on this machine every float32 and bfloat16
/// value is equal bit for bit. Against the committed ones (possibly from
/// another CPU) values that pass through the power iteration's
/// matrix-vector products are compared within a ``ContractionTolerance``:
/// its length counts the roundings on the way to the result (each step's
/// two products and two squared-norm sums, the estimate's two products and
/// the elementwise steps, times the calls the state has been through), and
/// the magnitude is the result's largest element, since every element is
/// the input or the power-iteration vector scaled by a factor computed
/// through that chain. bfloat16 values are allowed one bfloat16 rounding
/// of that magnitude more, as a float32 difference may round them apart.
@Suite struct SpectralNormTests {
    /// The roundings on the way to a result after `calls` calls on a
    /// `[rows, columns]` matrix with `nSteps` power-iteration steps each.
    static func length(rows: Int, columns: Int, nSteps: Int, calls: Int) -> Int {
        calls * (nSteps * (2 * (rows + columns) + 8) + rows + columns + 1)
    }

    /// The rows and columns of the matrix an input of `shape` is viewed as.
    static func matrixShape(_ shape: [Int]) -> (rows: Int, columns: Int) {
        (shape.dropLast().reduce(1, *), shape.last ?? 1)
    }

    /// Checks `tensor` against the fixture tensor `expected`, a result
    /// `length` roundings deep (see the suite's comment).
    static func expectClose(_ tensor: Tensor, _ expected: FixtureValue, _ label: String, length: Int,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        let reference = expected.fixtureTensor
        let tolerance = ContractionTolerance(length: length)
        let magnitude = Float(reference.values.map { Swift.abs($0) }.max() ?? 0)
        switch reference.dtype {
        case .float32:
            reference.expectContraction(tensor, label, tolerance: tolerance, magnitudes: Tensor([magnitude]),
                                        sourceLocation: sourceLocation)
        case .bfloat16 where tolerance.isExact:
            expected.expectTensor(tensor, label, sourceLocation: sourceLocation)
        case .bfloat16:
            #expect(tensor.dtype == .bfloat16 && tensor.shape == reference.shape, "\(label): type", sourceLocation: sourceLocation)
            let bound = tolerance.bound(magnitude: magnitude) + magnitude * 0x1p-8
            let values = (try? tensor.converted(to: .float32).scalars(as: Float.self)) ?? []
            #expect(values.count == reference.values.count
                        && zip(values, reference.values).allSatisfy { Swift.abs($0 - Float($1)) <= bound },
                    "\(label): \(values) not within \(bound) of \(reference.values)", sourceLocation: sourceLocation)
        default:
            Issue.record("\(label): unexpected dtype \(reference.dtype)", sourceLocation: sourceLocation)
        }
    }

    /// Checks a state or parameter tree against the fixture's: the same
    /// names, each value as ``expectClose(_:_:_:length:sourceLocation:)``.
    static func expectClose(_ tree: Params, _ expected: FixtureValue, _ label: String,
                            length: (_ shape: [Int]) -> Int, sourceLocation: SourceLocation = #_sourceLocation) {
        let names = tree.flatMap { module, values in values.keys.map { "\(module)/\($0)" } }.sorted()
        let expectedNames = expected.keys.flatMap { module in expected[module].keys.map { "\(module)/\($0)" } }.sorted()
        #expect(names == expectedNames, "\(label): names", sourceLocation: sourceLocation)
        for module in expected.keys {
            for name in expected[module].keys {
                guard let value = tree[module]?[name] else { continue }
                expectClose(value, expected[module][name], "\(label) \(module)/\(name)", length: length(value.shape),
                            sourceLocation: sourceLocation)
            }
        }
    }

    @Test(arguments: SpectralNormFixtures.spectralNormCases)
    func spectralNormMatchesHaiku(_ name: String) throws {
        let c = SpectralNormFixtures.file["spectral_norm"][name]
        let f = SpectralNormFixtures.spectralNorm(c)
        let inputs = c["inputs"].array.map(\.tensor)
        let (rows, columns) = Self.matrixShape(inputs[0].shape)
        let nSteps = SpectralNormFixtures.nSteps(c)
        let module = c["module_name"].string
        var (params, state) = try f.initialize(rng: PRNGKey(42), inputs[0])
        #expect(params.isEmpty && state.keys.sorted() == [module], "\(name): bundles \(state.keys)")
        // u0 is drawn elementwise: bit for bit; sigma is one call deep.
        let initial = c["init_state"][module]
        #expect(state[module]?.keys.sorted() == initial.keys, "\(name): initial state names")
        initial["u0"].expectTensor(state[module]?["u0"] ?? Tensor(Float.nan), "\(name) initial u0")
        if let sigma = state[module]?["sigma"] {
            Self.expectClose(sigma, initial["sigma"], "\(name) initial sigma",
                             length: Self.length(rows: rows, columns: columns, nSteps: nSteps, calls: 1))
        }
        for (index, (x, expected)) in zip(inputs, c["applies"].array).enumerated() {
            let output: Tensor
            (output, state) = try f.apply(params, state, rng: nil, x)
            let calls = c["update_stats"].bool ? index + 2 : 1
            let length = Self.length(rows: rows, columns: columns, nSteps: nSteps, calls: calls)
            Self.expectClose(output, expected["output"], "\(name) apply \(index) output", length: length)
            Self.expectClose(state, expected["state"], "\(name) apply \(index) state", length: { _ in length })
        }
        params = [:]
    }

    /// The gradient of `sum(output * cotangent)` with respect to the input,
    /// at the initial state: `u0` and `v0` are constants to it
    /// (`lax.stop_gradient`), `sigma` is not. Twice the forward length deep.
    @Test(arguments: SpectralNormFixtures.gradientCases)
    func inputGradientMatchesHaiku(_ name: String) throws {
        let c = SpectralNormFixtures.file["spectral_norm"][name]
        let f = SpectralNormFixtures.spectralNorm(c)
        let x = c["inputs"][0].tensor
        let (params, state) = try f.initialize(rng: PRNGKey(42), x)
        let cotangent = c["cotangent"].tensor
        let gradient = grad { (x: Tensor) -> Tensor in
            (((try? f.apply(params, state, rng: nil, x).output) ?? Tensor(Float.nan)) * cotangent).sum()
        }(x)
        let (rows, columns) = Self.matrixShape(x.shape)
        Self.expectClose(gradient, c["grad_x"], "\(name) d x",
                         length: 2 * Self.length(rows: rows, columns: columns, nSteps: SpectralNormFixtures.nSteps(c),
                                                 calls: 1))
    }

    @Test(arguments: SpectralNormFixtures.paramsTreeCases)
    func paramsTreeMatchesHaiku(_ name: String) throws {
        let c = SpectralNormFixtures.file["params_tree"][name]
        let f = SpectralNormFixtures.paramsTree(c)
        let tree = SpectralNormFixtures.tree(c["tree"])
        let nSteps = SpectralNormFixtures.nSteps(c)
        let length = { (calls: Int) in
            { (shape: [Int]) in
                let (rows, columns) = Self.matrixShape(shape)
                return Self.length(rows: rows, columns: columns, nSteps: nSteps, calls: calls)
            }
        }
        var (params, state) = try f.initialize(rng: PRNGKey(42), tree)
        #expect(params.isEmpty)
        for module in c["init_state"].keys {
            c["init_state"][module]["u0"].expectTensor(state[module]?["u0"] ?? Tensor(Float.nan), "\(name) \(module) initial u0")
        }
        Self.expectClose(state, c["init_state"], "\(name) initial state", length: length(1))
        for (index, expected) in c["applies"].array.enumerated() {
            let output: Params
            (output, state) = try f.apply(params, state, rng: nil, tree)
            // Parameters left alone come back bit for bit (their fixture values are the tree's).
            Self.expectClose(output, expected["output"], "\(name) apply \(index) output", length: length(index + 2))
            Self.expectClose(state, expected["state"], "\(name) apply \(index) state", length: length(index + 2))
        }
        params = [:]
    }

    /// The gradient against float64 central differences, at a state where
    /// the power iteration has converged (`eps` 1e-12, 60 steps per call,
    /// a matrix whose two largest singular values are far apart): there
    /// the singular vectors' own dependence on the input, which
    /// `stop_gradient` leaves out, contributes nothing to first order (σ₁
    /// is stationary in them), so the whole function's differences measure
    /// the gradient the module computes. The unconverged case, where it
    /// matters, is checked against Haiku above.
    @Test func gradientMatchesFiniteDifferencesInFloat64() throws {
        try Configuration.withX64 {
            // A [2, 2, 3] input, the 4 × 3 matrix with singular values near 6, 2 and 1.
            let values: [Double] = [3.1, -0.4, 1.2, 2.9, 0.8, -1.1, 3.2, -1.3, 0.2, 2.7, 1.0, 0.6]
            let x = Tensor(values, shape: [2, 2, 3], dtype: .float64)
            let weights = Tensor([0.3, -1.2, 0.7, 0.5, 1.1, -0.4, 0.9, -0.8, 0.2, 1.3, -0.6, 0.4], shape: [2, 2, 3],
                                 dtype: .float64)
            let f = transformWithState { (x: Tensor) in (SpectralNorm(eps: 1e-12, nSteps: 60)(x) * weights).sum() }
            var (params, state) = try f.initialize(rng: PRNGKey(0), x)
            (_, state) = try f.apply(params, state, rng: nil, x)
            let gradient = try grad { (x: Tensor) in (try? f.apply(params, state, rng: nil, x).output) ?? Tensor(Double.nan) }(x)
                .scalars(as: Double.self)
            #expect(state["spectral_norm"]?["u0"]?.dtype == .float64)
            for index in values.indices {
                let step = 1e-6
                func loss(_ delta: Double) throws -> Double {
                    var moved = values
                    moved[index] += delta
                    return try f.apply(params, state, rng: nil, Tensor(moved, shape: [2, 2, 3], dtype: .float64))
                        .output.item(as: Double.self)
                }
                let numeric = (try loss(step) - loss(-step)) / (2 * step)
                #expect(Swift.abs(numeric - gradient[index]) <= 1e-7, "element \(index): \(gradient[index]) vs \(numeric)")
            }
            params = [:]
        }
    }

    /// `stop_gradient` on the singular vectors: with them constant the
    /// gradient of σ-normalization differs from the derivative through an
    /// unconverged power iteration, so the fixture's one-step gradient
    /// tells the two apart.
    @Test func oneStepGradientIsNotTheFullDerivative() throws {
        try Configuration.withX64 {
            let x = Tensor([1.0, 2, -1, 0.5, 3, 1], shape: [2, 3], dtype: .float64)
            let f = transformWithState { (x: Tensor) in SpectralNorm()(x).sum() }
            let (params, state) = try f.initialize(rng: PRNGKey(1), x)
            let gradient = try grad { (x: Tensor) in (try? f.apply(params, state, rng: nil, x).output) ?? Tensor(Double.nan) }(x)
                .scalars(as: Double.self)
            let step = 1e-6
            var moved = try x.scalars(as: Double.self)
            moved[0] += step
            let up = try f.apply(params, state, rng: nil, Tensor(moved, shape: [2, 3], dtype: .float64)).output.item(as: Double.self)
            moved[0] -= 2 * step
            let down = try f.apply(params, state, rng: nil, Tensor(moved, shape: [2, 3], dtype: .float64)).output.item(as: Double.self)
            #expect(Swift.abs((up - down) / (2 * step) - gradient[0]) > 1e-3)
        }
    }

    @Test func propertiesReadTheState() throws {
        let x = Tensor([1.0, 2, -1, 0.5, 3, 1], shape: [2, 3])
        let f = transformWithState { (x: Tensor) -> [Tensor] in
            let module = SpectralNorm()
            let before = module.sigma
            _ = module(x)
            return [before, module.sigma, module.u0]
        }
        let (params, state) = try f.initialize(rng: PRNGKey(3), x)
        let (output, after) = try f.apply(params, state, rng: nil, x)
        #expect(try output[0].item(as: Float.self) == 1)
        #expect(try output[1].scalars(as: Float.self) == after["spectral_norm"]?["sigma"]?.scalars(as: Float.self))
        #expect(try output[2].scalars(as: Float.self) == after["spectral_norm"]?["u0"]?.scalars(as: Float.self))
        #expect(output[2].shape == [1, 3])
    }

    @Test func configurationListsWhatDiffersFromHaikusDefaults() {
        #expect(SpectralNorm().description == "SpectralNorm()")
        #expect(SpectralNorm(eps: 0.001, nSteps: 3, name: "sn").description == "SpectralNorm(eps: 0.001, nSteps: 3, name: \"sn\")")
        #expect(SNParamsTree().description == "SNParamsTree()")
        #expect(SNParamsTree(nSteps: 2, ignoreRegex: ".*/b").description == "SNParamsTree(nSteps: 2, ignoreRegex: \".*/b\")")
    }
}

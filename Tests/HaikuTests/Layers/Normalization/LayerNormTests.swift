import Haiku
import NumericsSupport
import Testing

/// LayerNorm, InstanceNorm, GroupNorm and RMSNorm against real Haiku 0.0.17
/// (`Fixtures/layer_norms.json`, group "modules"): module names, parameter
/// names in creation order, shapes, dtypes and initial values; then, with
/// the fixture's random parameter values, the output and the gradients of
/// `sum(output * cotangent)` with respect to the parameters, the input and
/// the call-time scale and offset, all bit for bit (means, variances and
/// elementwise math only: no contraction), except LayerNorm's and
/// InstanceNorm's gradients, whose input gradient comes from a closed form
/// (see ``closedFormExcess``). Apply and the gradients run under `jit`, as the
/// fixture's did under `jax.jit`.
@Suite struct LayerNormTests {
    @Test(arguments: LayerNormFixtures.moduleCases)
    func initializationMatchesHaiku(_ name: String) throws {
        let c = LayerNormFixtures.file["modules"][name]
        let (x, scale, offset) = Self.inputs(c)
        let order = ConvolutionModuleTests.CreationOrder()
        var moduleName = ""
        let f = transform { (x: Tensor) -> Tensor in
            let (module, call) = LayerNormFixtures.module(c)
            moduleName = module.moduleName
            return order.recording { call(x, scale, offset) }
        }
        let params = try f.initialize(rng: PRNGKey(42), x)
        #expect(moduleName == c["module_name"].string, "\(name): module name")
        #expect(order.names == c["params_order"].strings, "\(name): creation order")
        LayerNormFixtures.expectBundles(params, c["params"], "\(name) params")
    }

    @Test(arguments: LayerNormFixtures.moduleCases)
    func outputAndGradientsMatchHaiku(_ name: String) throws {
        let c = LayerNormFixtures.file["modules"][name]
        let (x, scale, offset) = Self.inputs(c)
        let params = LayerNormFixtures.params(c["apply_params"])
        let f = transform { (x: Tensor, scale: Tensor?, offset: Tensor?) -> Tensor in
            LayerNormFixtures.module(c).call(x, scale, offset)
        }
        // Everything is an argument of the compiled function, as under
        // `jax.jit` (XLA would fold captured constants at compile time).
        let output = try jit { (params: Params, x: Tensor, scale: Tensor?, offset: Tensor?) in
            try f.apply(params, rng: nil, x, scale, offset)
        }(params, x, scale, offset)
        if c["class"].string == "LayerNorm", x.dtype == .float32,
           let axes = try? (FixtureArguments(c["args"]).axes("axis") ?? .axis(-1)).resolved(rank: x.shape.count) {
            try Self.expectNormalized(output, c, name, x: x, axes: axes, scales: [params.values.compactMap { $0["scale"] }.first, scale],
                                      offsets: [params.values.compactMap { $0["offset"] }.first, offset])
        } else {
            LayerNormFixtures.expectBits(output, c["output"], "\(name) output")
        }

        // The gradient with respect to the parameters and, as the module
        // "input", the input and the call-time scale and offset.
        let cotangent = c["cotangent"].tensor
        var point = params
        point["input"] = ["x": x]
        if let scale { point["input"]?["scale"] = scale }
        if let offset { point["input"]?["offset"] = offset }
        let gradients = try jit { (point: Params, cotangent: Tensor) -> Params in
            grad { (point: Params) -> Tensor in
                var params = point
                let input = params.removeValue(forKey: "input") ?? [:]
                let output = (try? f.apply(params, rng: nil, input["x"] ?? x, input["scale"], input["offset"]))
                    ?? Tensor(Float.nan)
                return (output * cotangent).sum()
            }(point)
        }(point, cotangent)
        let input = gradients["input"] ?? [:]
        let closedForm = Self.closedFormExcess(c, dtype: x.dtype)
        let within = { (excess: Double?) in { (tensor: Tensor?, expected: FixtureValue, label: String) in
            guard let excess else { return LayerNormFixtures.expectBits(tensor, expected, label) }
            LayerNormFixtures.expectClose(tensor, expected, label, relative: excess)
        } }
        let check = within(closedForm ?? (x.dtype == .bfloat16 ? Self.bfloat16Excess : nil))
        check(input["x"], c["grad_x"], "\(name) d x")
        if scale != nil { check(input["scale"], c["grad_scale"], "\(name) d scale") }
        if offset != nil { check(input["offset"], c["grad_offset"], "\(name) d offset") }
        LayerNormFixtures.expectBundles(gradients.filter { $0.key != "input" }, c["grad_params"], "\(name) d params",
                                        check: within(closedForm))
    }

    /// How far bfloat16 gradients may lie from Haiku's, relative to the
    /// largest entry: two bfloat16 ulps there (2 · 2⁻⁷). XLA's CPU compiler
    /// computes bfloat16 arithmetic in float32 and, allowed excess
    /// precision, drops the rounding between operations it fuses; which
    /// roundings go depends on the fusions, and our gradient program fuses
    /// otherwise than JAX's (float32 and float16 are bit for bit). Each
    /// dropped rounding moves a value by at most half an ulp of that
    /// intermediate, and the normalization's pullback adds a handful of
    /// them, each no larger than the largest entry.
    static let bfloat16Excess = 0x1p-6

    /// How far LayerNorm's and InstanceNorm's gradients may lie from
    /// Haiku's, relative to the largest entry: eight ulps of the input's
    /// dtype there (``bfloat16Excess`` in bfloat16; nil for the other
    /// modules: bit for bit).
    ///
    /// Haiku's input gradient is autodiff of the formula; ours is the
    /// closed form `r · (ĝ − mean(ĝ) − x̂ · mean(ĝ · x̂))` (faster in a
    /// Transformer's training step), the same derivative with other sums
    /// and products. Each side rounds a handful of times per entry (the two
    /// means, the products, the differences), each by at most half an ulp
    /// of a term about as large as the largest entry (the fixtures'
    /// random cotangents leave no large cancellation; JAX running the
    /// closed form on these fixtures lies within 2.3 ulps of autodiff);
    /// eight ulps bounds both sides' rounding together. The parameter
    /// gradients keep autodiff's expressions, but XLA orders their sums
    /// over the batch by how it fuses the program, which the closed form
    /// changes (an ulp or two). The float64 central differences in
    /// ``LayerNormGradientCheckTests`` prove the derivative itself.
    static func closedFormExcess(_ c: FixtureValue, dtype: ElementType) -> Double? {
        guard ["LayerNorm", "InstanceNorm"].contains(c["class"].string) else { return nil }
        return switch dtype {
        case .bfloat16: bfloat16Excess
        case .float16: 8 * 0x1p-10
        default: 8 * 0x1p-23
        }
    }

    /// LayerNorm's output comes from a mean and a variance over the
    /// normalized axes, reductions whose order XLA CPU chooses per CPU:
    /// JAX's own `ln_range` output (60 elements reduced) differs by 1 ulp in
    /// 3 of 120 elements between Zen 5, where the fixture was made, and Zen 4,
    /// where ours equals JAX's bit for bit (Docs/Architecture.md, "Numerics
    /// policy for tests": a reduction that starts to differ on a new CPU moves
    /// to the tolerance with L = the number of reduced elements). The bound
    /// is 2γ_N·m with N the reduced count and m_i = (|x_i − μ| + mean|x|) /
    /// σ · max|scale| + max|offset|: the mean's rounding (γ_N·mean|x|) and the
    /// variance's (relative γ_N) carried through the normalization.
    /// (Float32 cases over axes in range; the others, which agree bit for
    /// bit, stay bit for bit.)
    static func expectNormalized(_ output: Tensor, _ c: FixtureValue, _ name: String, x: Tensor, axes: [Int],
                                 scales: [Tensor?], offsets: [Tensor?]) throws {
        let count = axes.map { x.shape[$0] }.reduce(1, *)
        let mean = x.mean(axes: axes, keepDims: true)
        let sigma = sqrt(((x - mean) * (x - mean)).mean(axes: axes, keepDims: true) + Float(FixtureArguments(c["args"]).eps))
        let largest = { (tensors: [Tensor?], otherwise: Float) throws -> Float in
            try tensors.compactMap { $0 }.last.map { try abs($0).max().item(as: Float.self) } ?? otherwise
        }
        let magnitudes = (abs(x - mean) + abs(x).mean(axes: axes, keepDims: true)) / sigma * (try largest(scales, 1))
            + (try largest(offsets, 0))
        c["output"].expectContraction(output, "\(name) output", tolerance: ContractionTolerance(length: count),
                                      magnitudes: magnitudes)
    }


    /// A case's input and its call-time scale and offset, if any.
    static func inputs(_ c: FixtureValue) -> (Tensor, Tensor?, Tensor?) {
        guard case let .object(members) = c else { return (Tensor(Float.nan), nil, nil) }
        return (c["x"].tensor, members["scale"]?.tensor, members["offset"]?.tensor)
    }
}

/// Differentiating through `vmap` of the per-example norms (Haiku users map
/// examples inside the transform and differentiate outside): the gradient
/// equals the batched module's, within float32 rounding of the reductions.
@Suite struct NormalizationUnderVMapTests {
    @Test(arguments: ["LayerNorm", "GroupNorm", "InstanceNorm"])
    func gradientOfVMapEqualsTheBatchedModules(_ kind: String) throws {
        let module = { () -> (Tensor) -> Tensor in
            switch kind {
            case "LayerNorm": return { LayerNorm(axis: -1, createScale: true, createOffset: true)($0) }
            case "GroupNorm": return { GroupNorm(groups: 2)($0) }
            default: return { InstanceNorm(createScale: true, createOffset: true)($0) }
            }
        }
        let xs = normal(PRNGKey(3), [4, 3, 4])
        let cotangent = normal(PRNGKey(4), [4, 3, 4])
        let mapped = transform { (xs: Tensor) in vmap({ (x: Tensor) in module()(x[.newAxis]).squeezed(axes: [0]) })(xs) }
        let batched = transform { (xs: Tensor) in module()(xs) }
        let params = try batched.initialize(rng: PRNGKey(0), xs)
        let gradient = { (f: Transformed<Tensor, Tensor>) throws -> Params in
            try jit { (params: Params) -> Params in
                grad { (params: Params) in (((try? f.apply(params, xs)) ?? Tensor(Float.nan)) * cotangent).sum() }(params)
            }(params)
        }
        let (viaVMap, direct) = (try gradient(mapped), try gradient(batched))
        for (module, values) in direct {
            for (name, value) in values {
                let got = try #require(viaVMap[module]?[name]).scalars(as: Float.self)
                let want = try value.scalars(as: Float.self)
                let scale = want.map(abs).max() ?? 1
                #expect(zip(got, want).allSatisfy { abs($0 - $1) <= 1e-5 * scale }, "\(kind) \(module)/\(name): \(got) vs \(want)")
            }
        }
    }
}

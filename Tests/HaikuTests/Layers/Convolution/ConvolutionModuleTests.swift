import Haiku
import NumericsSupport
import Testing

/// Haiku's convolution modules against real Haiku 0.0.17
/// (`Fixtures/conv_modules.json`, group "modules"): module names,
/// parameter names in creation order, shapes, dtypes and initial values bit
/// for bit; outputs and the gradients of `sum(output * cotangent)` with
/// respect to the parameters and the input within the derived contraction
/// tolerance (Docs/Architecture.md, "Numerics policy for tests").
///
/// The magnitudes are the same computation over absolute values (the
/// module applied to |params| and |x|, the gradient at |params|, |x| and
/// |cotangent|), the length the largest number of terms any element sums
/// (the same computation at all-ones). Our parameter gradients (the
/// kernel's pullback, and the bias's sum over positions) sum in another
/// order than JAX's (exact mode finds them off by an ulp or so in most
/// cases); so do the cases in ``reordered``. Against fixtures regenerated on this machine every other
/// output and input gradient is bit for bit.
@Suite struct ConvolutionModuleTests {
    /// Cases whose output and input gradient exact mode found one ulp off
    /// Haiku's on the same machine (a SAME-padded convolution with strides
    /// (2, 3); the output shape and values agree within one ulp, so XLA sums
    /// our program in another order; not investigated further).
    static let reordered: Set = ["conv2d_same_stride"]

    /// Records parameter names in creation order while running `body`.
    final class CreationOrder {
        var names: [String] = []

        func recording<Result>(_ body: () -> Result) -> Result {
            customCreator({ next, shape, dtype, initializer, context in
                self.names.append(context.fullName)
                return next(shape, dtype, initializer)
            }, body)
        }
    }

    static func absolute(_ params: Params) -> Params { params.mapValues { $0.mapValues { abs($0) } } }
    static func ones(_ params: Params) -> Params { params.mapValues { $0.mapValues { Tensor.ones($0.shape) } } }

    @Test(arguments: ConvolutionFixtures.moduleCases)
    func initializationAndOutputMatchHaiku(_ name: String) throws {
        let c = ConvolutionFixtures.file["modules"][name]
        let x = c["x"].tensor
        let order = CreationOrder()
        var moduleName = ""
        let f = transform { (x: Tensor) -> Tensor in
            let module = ConvolutionFixtures.module(c)
            return order.recording { module(x) }
        }
        let params = try f.initialize(rng: PRNGKey(42), x)
        #expect(order.names == c["params_order"].strings, "\(name): creation order")
        moduleName = String(order.names.first?.split(separator: "/").first ?? "")
        #expect(moduleName == c["module_name"].string.split(separator: "/").first.map(String.init), "\(name): module name")
        let output = try f.apply(params, rng: nil, x)
        guard x.dtype == .float32 else {
            Self.expectHalfPrecision(params, output, c, name)
            return
        }
        c["params"].expectBundles(params, "\(name) params")
        let length = try f.apply(Self.ones(params), rng: nil, Tensor.ones(x.shape)).scalars(as: Float.self).max() ?? 1
        let magnitudes = try f.apply(Self.absolute(params), rng: nil, abs(x))
        let tolerance = ContractionTolerance(length: Int(length), orderMatchesReference: !Self.reordered.contains(name))
        c["output"].expectContraction(output, "\(name) output", tolerance: tolerance, magnitudes: magnitudes)
    }

    /// bfloat16 and float16 inputs give parameters and outputs of their own
    /// dtype, the parameters with Haiku's values.
    static func expectHalfPrecision(_ params: Params, _ output: Tensor, _ c: FixtureValue, _ name: String) {
        let expected = c["params"]
        for module in expected.keys {
            for parameter in expected[module].keys {
                let want = expected[module][parameter]
                guard let value = params[module]?[parameter] else {
                    Issue.record("\(name): missing \(module)/\(parameter)")
                    continue
                }
                #expect(value.dtype.name == want["dtype"].string, "\(name) \(module)/\(parameter): dtype")
                #expect(value.shape == want["shape"].ints, "\(name) \(module)/\(parameter): shape")
                #expect((try? value.converted(to: .float32).scalars(as: Float.self).map(\.bitPattern))
                            == want["values"].array.map { Float($0.double).bitPattern },
                        "\(name) \(module)/\(parameter): values")
            }
        }
        #expect(output.dtype.name == c["output"]["dtype"].string, "\(name): output dtype")
        #expect(output.shape == c["output"]["shape"].ints, "\(name): output shape")
    }

    @Test(arguments: ConvolutionFixtures.moduleCases.filter {
        ConvolutionFixtures.file["modules"][$0]["x"]["dtype"].string == "float32"
    })
    func gradientsMatchHaiku(_ name: String) throws {
        let c = ConvolutionFixtures.file["modules"][name]
        let x = c["x"].tensor
        let f = transform { (x: Tensor) -> Tensor in ConvolutionFixtures.module(c)(x) }
        let params = try f.initialize(rng: PRNGKey(42), x)
        // The gradient of sum(f(params, x) * cotangent) with respect to the
        // parameters and the input (as the module "input", value "x").
        let gradient = { (params: Params, x: Tensor, cotangent: Tensor) -> Params in
            var point = params
            point["input"] = ["x": x]
            return grad { (point: Params) -> Tensor in
                var params = point
                let x = params.removeValue(forKey: "input")?["x"] ?? Tensor(Float.nan)
                let output = (try? f.apply(params, rng: nil, x)) ?? Tensor(Float.nan)
                return (output * cotangent).sum()
            }(point)
        }
        let cotangent = c["cotangent"].tensor
        let gradients = gradient(params, x, cotangent)
        let terms = gradient(Self.ones(params), Tensor.ones(x.shape), Tensor.ones(cotangent.shape))
        let length = try terms.values.flatMap(\.values).map { try $0.scalars(as: Float.self).max() ?? 1 }.max() ?? 1
        let magnitudes = gradient(Self.absolute(params), abs(x), abs(cotangent))
        c["grad_x"].expectContraction(gradients["input"]?["x"] ?? Tensor(Float.nan), "\(name) d x",
                                      tolerance: ContractionTolerance(length: Int(length),
                                                                      orderMatchesReference: !Self.reordered.contains(name)),
                                      magnitudes: magnitudes["input"]?["x"] ?? Tensor(Float.nan))
        let expected = c["grad_params"]
        for module in expected.keys {
            for parameter in expected[module].keys {
                expected[module][parameter].expectContraction(gradients[module]?[parameter] ?? Tensor(Float.nan), "\(name) d \(module)/\(parameter)",
                                       tolerance: ContractionTolerance(length: Int(length), orderMatchesReference: false),
                                       magnitudes: magnitudes[module]?[parameter] ?? Tensor(Float.nan))
            }
        }
    }

    @Test func conv2DHasHaikusDefaultsAndDescribesItsConfiguration() throws {
        let conv = Conv2D(outputChannels: 32, kernelShape: 3)
        #expect(conv.stride == 1 && conv.withBias && conv.dataFormat == .nhwc)
        if case .same = conv.padding {} else { Issue.record("default padding \(conv.padding)") }
        #expect(conv.description == "Conv2D(outputChannels: 32, kernelShape: 3)")
        let custom = Conv2D(outputChannels: 8, kernelShape: [3, 5], stride: 2, rate: [1, 2], padding: .valid,
                            withBias: false, dataFormat: .nchw, featureGroupCount: 2, name: "c")
        #expect(custom.description == "Conv2D(outputChannels: 8, kernelShape: [3, 5], stride: 2, padding: .valid, "
                    + "withBias: false, dataFormat: \"NCHW\", rate: [1, 2], featureGroupCount: 2, name: \"c\")")
        #expect(ConvND(numSpatialDims: 1, outputChannels: 2, kernelShape: 3, padding: .causal).description
                    == "ConvND(numSpatialDims: 1, outputChannels: 2, kernelShape: 3, padding: .functions(1 pad function))")
        #expect(Conv1D(outputChannels: 2, kernelShape: 2, padding: .explicit([(1, 0)]), dataFormat: .ncw).description
                    == "Conv1D(outputChannels: 2, kernelShape: 2, padding: .explicit([(1, 0)]), dataFormat: \"NCW\")")
        #expect(DepthwiseConv3D(channelMultiplier: 2, kernelShape: [1, 2, 3], rate: 2).description
                    == "DepthwiseConv3D(channelMultiplier: 2, kernelShape: [1, 2, 3], rate: 2)")
        #expect(Conv2DTranspose(outputChannels: 4, kernelShape: 2, stride: 2, outputShape: [8, 8]).description
                    == "Conv2DTranspose(outputChannels: 4, kernelShape: 2, stride: 2, outputShape: [8, 8])")
        #expect(SeparableDepthwiseConv2D(channelMultiplier: 2, kernelShape: 3, withBias: false).description
                    == "SeparableDepthwiseConv2D(channelMultiplier: 2, kernelShape: 3, withBias: false)")
        let table = try tabulate(transform { (x: Tensor) in Conv2D(outputChannels: 4, kernelShape: 3)(x) },
                                 Tensor.zeros([1, 5, 5, 2]))
        #expect(table.contains("conv2_d (Conv2D)") && table.contains("outputChannels: 4, kernelShape: 3"), "\(table)")
        #expect(table.contains("w: f32[3,3,2,4]") && table.contains("b: f32[4]"), "\(table)")
    }
}

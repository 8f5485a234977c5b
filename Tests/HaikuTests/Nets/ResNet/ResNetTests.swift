import Haiku
import Testing
import XLARuntime

/// ResNet against dm-haiku 0.0.17 (`Fixtures/resnet.json`, written by
/// `Scripts/fixtures/resnet.py`): names and shapes of every standard depth
/// exactly, ResNet50's size, and ResNet18's values.
///
/// Tolerances: initial values come from the same random bits and
/// elementwise arithmetic, so they agree to float32 rounding of the digest
/// (relative 1e-6). Logits, state and gradients pass through about twenty
/// convolutions of up to 4,608 terms each, every one followed by a batch
/// norm that divides by a batch standard deviation (over as few as 4
/// values in the last group at 32x32), which amplifies the few-ulp
/// differences of XLA CPU's summation orders (ours against JAX's, AVX2
/// against AVX-512). For logits and state the largest difference measured
/// (Zen 3, fixtures made there) was 5e-5 of the scale; ``numericTolerance``
/// (1e-3) leaves a margin of about 20 for other CPUs. Gradients are
/// amplified further: see ``resnet18GradientsMatchHaiku()``.
@Suite struct ResNetTests {
    /// The relative difference allowed where the network computes (see the suite).
    static let numericTolerance = 1e-3
    /// The relative difference allowed for float32 gradients (see
    /// ``resnet18GradientsMatchHaiku()``).
    static let float32GradientTolerance = 4e-2
    /// The relative difference allowed for initial values.
    static let initialTolerance = 1e-6

    /// The standard ResNet of `depth` with 10 classes, or nil for another depth.
    static func standard(depth: Int, resnetV2: Bool) -> ResNet? {
        switch depth {
        case 18: ResNet18(10, resnetV2: resnetV2)
        case 34: ResNet34(10, resnetV2: resnetV2)
        case 50: ResNet50(10, resnetV2: resnetV2)
        case 101: ResNet101(10, resnetV2: resnetV2)
        case 152: ResNet152(10, resnetV2: resnetV2)
        case 200: ResNet200(10, resnetV2: resnetV2)
        default: nil
        }
    }

    @Test(arguments: ResNetFixtures.file["structures"].keys)
    func namesAndShapesInCreationOrderMatchHaiku(_ key: String) throws {
        let expected = ResNetFixtures.file["structures"][key]
        let parts = key.dropFirst("resnet".count).split(separator: "_")
        let (depth, resnetV2) = (Int(parts[0]) ?? 0, parts[1] == "v2")
        #expect(Self.standard(depth: depth, resnetV2: resnetV2) != nil)
        let lines = try ResNetFixtures.creationLines([1, 32, 32, 3]) {
            Self.standard(depth: depth, resnetV2: resnetV2) ?? ResNet18(10)
        }
        if case .object(let members) = expected, members["lines"] != nil {
            #expect(lines == expected["lines"].strings)
        }
        #expect(lines.count == expected["count"].int)
        #expect(SHA256.hex(lines.joined(separator: "\n")) == expected["sha256"].string)
    }

    @Test func resnet50At224HasHaikusSizes() throws {
        let expected = ResNetFixtures.file["resnet50_224"]
        #expect(expected["param_count"].int == 25_557_032)
        let f = transformWithState { (x: Tensor) in ResNet50(1000)(x, isTraining: true) }
        let x = Tensor.zeros([1, 224, 224, 3])
        let params = try evalShape({ (x: Tensor) in try f.initialize(rng: PRNGKey(0), x).params }, x)
        let state = try evalShape({ (x: Tensor) in try f.initialize(rng: PRNGKey(0), x).state }, x)
        #expect(DataStructures.treeSize(params) == expected["param_count"].int)
        #expect(DataStructures.treeBytes(params) == expected["param_bytes"].int)
        #expect(DataStructures.treeSize(state) == expected["state_count"].int)
        #expect(DataStructures.treeBytes(state) == expected["state_bytes"].int)
    }

    /// ResNet18(10) with the script's logits initializer, in one mode.
    static func resnet18(isTraining: Bool, testLocalStats: Bool = false) -> TransformedWithState<Tensor, Tensor> {
        transformWithState { (x: Tensor) in
            ResNet18(10, logitsConfig: .init(wInit: TruncatedNormal(stddev: 0.05)))(
                x, isTraining: isTraining, testLocalStats: testLocalStats)
        }
    }

    static let x = ResNetFixtures.pattern([4, 32, 32, 3], seed: 1)

    @Test func resnet18InitialValuesMatchHaiku() throws {
        let (params, _) = try Self.resnet18(isTraining: true).initialize(rng: PRNGKey(0), Self.x)
        ResNetFixtures.expectDigests(params, ResNetFixtures.file["resnet18"]["init"], "init", relative: Self.initialTolerance)
    }

    @Test func resnet18TrainingAndEvaluationMatchHaiku() throws {
        let expected = ResNetFixtures.file["resnet18"]
        let (params, state) = try Self.resnet18(isTraining: true).initialize(rng: PRNGKey(0), Self.x)
        let (logits, trained) = try Self.resnet18(isTraining: true).apply(params, state, Self.x)
        LayerNormFixtures.expectClose(logits, expected["train_logits"], "train logits", relative: Self.numericTolerance)
        ResNetFixtures.expectDigests(trained, expected["train_state"], "state", relative: Self.numericTolerance)
        let evaluation = try Self.resnet18(isTraining: false).apply(params, trained, Self.x)
        LayerNormFixtures.expectClose(evaluation.output, expected["eval_logits"], "eval logits", relative: Self.numericTolerance)
        let local = try Self.resnet18(isTraining: false, testLocalStats: true).apply(params, trained, Self.x)
        LayerNormFixtures.expectClose(local.output, expected["local_logits"], "local logits", relative: Self.numericTolerance)
    }

    /// The mean cross-entropy of the training-mode logits and its gradients
    /// at `params` and `state`, computed in their dtype.
    static func resnet18Gradients(_ params: Params, _ state: State, _ x: Tensor) throws -> (loss: Double, grads: Params) {
        let train = resnet18(isTraining: true)
        let labels = Tensor(ResNetFixtures.file["resnet18"]["labels"].ints.map(Int32.init), shape: [4])
        let (loss, grads) = valueAndGrad { (params: Params) -> Tensor in
            let logits = (try? train.apply(params, state, x).output) ?? Tensor(Float.nan)
            return -takeAlongAxis(logSoftmax(logits), labels.reshaped([4, 1]), axis: 1).mean()
        }(params)
        return (loss.dtype == .float64 ? try loss.item(as: Double.self) : Double(try loss.item(as: Float.self)), grads)
    }

    /// In float64 (parameters, state and input cast, `jax_enable_x64`), where rounding is
    /// negligible even after batch norm's amplification, the gradients
    /// equal Haiku's float64 ones to 1e-9 of their scale.
    @Test func resnet18Float64GradientsMatchHaiku() throws {
        let expected = ResNetFixtures.file["resnet18"]["grads_f64"]
        let (params, state) = try Self.resnet18(isTraining: true).initialize(rng: PRNGKey(0), Self.x)
        let wide = { (bundles: Params) in
            bundles.mapValues { $0.mapValues { $0.dtype == .float32 ? $0.converted(to: .float64) : $0 } }
        }
        let (loss, grads) = try Configuration.withX64 {
            try Self.resnet18Gradients(wide(params), wide(state), Self.x.converted(to: .float64))
        }
        #expect(abs(loss - expected["loss"].double) <= 1e-12 * expected["loss"].double)
        #expect(grads.values.allSatisfy { $0.values.allSatisfy { $0.dtype == .float64 } })
        ResNetFixtures.expectDigests(grads, expected["grads"], "float64 grads", relative: 1e-9)
    }

    /// In float32, against Haiku's float32 gradients. Batch norm over 4
    /// examples at 1x1 amplifies float32 rounding: JAX's own float32
    /// gradients lie up to 1.7e-2 of their scale from the float64 ones
    /// (a batch norm scale's largest entry in block group 1, on Zen 4 AVX-512),
    /// and ours measured up to 1.75e-2 from JAX's on the same machine. The
    /// float64 test above checks the computation itself.
    @Test func resnet18GradientsMatchHaiku() throws {
        let expected = ResNetFixtures.file["resnet18"]
        let (params, state) = try Self.resnet18(isTraining: true).initialize(rng: PRNGKey(0), Self.x)
        let (loss, grads) = try Self.resnet18Gradients(params, state, Self.x)
        let haikuLoss = expected["loss"].double
        #expect(abs(loss - haikuLoss) <= Self.numericTolerance * haikuLoss)
        ResNetFixtures.expectDigests(grads, expected["grads"], "grads", relative: Self.float32GradientTolerance)
    }

    /// Haiku's defaults: the logits' weight is zero, and so is the last
    /// batch norm's scale of every V1 bottleneck block (not V2's).
    @Test(arguments: [false, true])
    func defaultInitialValuesMatchHaiku(_ resnetV2: Bool) throws {
        let f = transformWithState { (x: Tensor) in
            ResNet(blocksPerGroup: [1, 1, 1, 1], numClasses: 10, resnetV2: resnetV2, channelsPerGroup: [8, 8, 8, 8])(
                x, isTraining: true)
        }
        let (params, _) = try f.initialize(rng: PRNGKey(2), ResNetFixtures.pattern([2, 16, 16, 3], seed: 3))
        let expected = ResNetFixtures.file["defaults"][resnetV2 ? "v2" : "v1"]
        ResNetFixtures.expectDigests(params, expected, resnetV2 ? "v2" : "v1", relative: Self.initialTolerance)
        #expect(try params["res_net/~/logits"]?["w"].map { abs($0).max() }?.item(as: Float.self) == 0)
        let lastScale = try params["res_net/~/block_group_0/~/block_0/~/batchnorm_2"]?["scale"]?.sum().item(as: Float.self)
        #expect(lastScale == (resnetV2 ? 2 : 0))  // V2's batchnorm_2 normalizes conv_1's 8 / 4 channels
    }

    /// Each module describes its configuration (what `tabulate` shows).
    @Test func descriptionsShowTheConfiguration() {
        #expect(ResNet18(10, resnetV2: true).description == "ResNet18(blocksPerGroup: [2, 2, 2, 2], numClasses: 10, "
                + "resnetV2: true, bottleneck: false, channelsPerGroup: [64, 128, 256, 512], "
                + "useProjection: [false, true, true, true])")
        let block = ResNet.BlockV1(channels: 8, stride: 2, useProjection: true, bnConfig: .init(eps: 1e-3),
                                   bottleneck: true, name: "b")
        #expect(block.description == "BlockV1(channels: 8, stride: 2, useProjection: true, bnConfig: [decayRate: 0.999, "
                + "eps: 0.001, createScale: true, createOffset: true], bottleneck: true, name: \"b\")")
        let group = ResNet.BlockGroup(channels: 8, numBlocks: 2, stride: 1, bnConfig: .init(decayRate: 0.9), resnetV2: true,
                                      bottleneck: false, useProjection: false)
        #expect(group.description == "BlockGroup(channels: 8, numBlocks: 2, stride: 1, resnetV2: true, bottleneck: false, "
                + "useProjection: false)")
        #expect(group.blocks.map { String(describing: type(of: $0)) } == ["BlockV2", "BlockV2"])
    }
}

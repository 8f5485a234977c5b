import Haiku
import Testing

/// MultiHeadAttention against real Haiku 0.0.17 (`Fixtures/attention.json`,
/// group "attention"): parameter names in creation order, shapes and
/// initial values bit for bit; with the fixture's perturbed parameters, the
/// output (no mask, causal, float padding, a fully masked row, two leading
/// batch axes, none) and the parameters' gradient under `jit`, within
/// ``AttentionFixtures/relative``.
@Suite struct AttentionTests {
    /// The attention of the case on its inputs (`[query, key, value, mask?]`),
    /// its parameters' creation recorded in `order`.
    static func forward(_ c: FixtureValue, order: ConvolutionModuleTests.CreationOrder = .init())
        -> Transformed<[Tensor], Tensor> {
        transform { (inputs: [Tensor]) -> Tensor in
            order.recording {
                AttentionFixtures.attention(c["args"])(inputs[0], inputs[1], inputs[2],
                                                       mask: inputs.count > 3 ? inputs[3] : nil)
            }
        }
    }

    /// The case's inputs, `[query, key, value, mask?]`.
    static func inputs(_ c: FixtureValue) -> [Tensor] {
        let mask: [Tensor] = if case let .object(members) = c, let mask = members["mask"] { [mask.tensor] } else { [] }
        return [c["query"].tensor, c["key"].tensor, c["value"].tensor] + mask
    }

    @Test(arguments: AttentionFixtures.cases("attention"))
    func attentionMatchesHaiku(_ name: String) throws {
        let c = AttentionFixtures.file["attention"][name]
        let inputs = Self.inputs(c)
        let order = ConvolutionModuleTests.CreationOrder()
        let f = Self.forward(c, order: order)
        let params = try f.initialize(rng: PRNGKey(42), inputs)
        #expect(order.names == c["params_order"].strings, "\(name): creation order")
        LayerNormFixtures.expectBundles(params, c["params"], "\(name) params")

        let applied = LayerNormFixtures.params(c["apply_params"])
        let (output, gradients) = try AttentionFixtures.outputAndGradient(f, applied, inputs, cotangent: c["cotangent"].tensor)
        AttentionFixtures.expectClose(output, c["output"], "\(name) output")
        AttentionFixtures.expectClose(gradients, c["grad_params"], "\(name) gradient")
    }

    /// What `tabulate` and `description` show: the arguments given that
    /// differ from Haiku's defaults.
    @Test func configurationsDescribeTheArguments() {
        #expect(MultiHeadAttention(numHeads: 2, keySize: 3, wInitScale: 1).configuration
                    == ["numHeads: 2", "keySize: 3", "wInitScale: 1.0"])
        #expect(MultiHeadAttention(numHeads: 2, keySize: 3, wInit: Constant(0), withBias: false, valueSize: 4,
                                   modelSize: 5).configuration
                    == ["numHeads: 2", "keySize: 3", "withBias: false", "valueSize: 4", "modelSize: 5"])
        #expect(Embed(vocabSize: 7, embedDim: 3).configuration == ["vocabSize: 7", "embedDim: 3"])
        #expect(Embed(embeddingMatrix: Tensor.ones([5, 2]), lookupStyle: "one_hot").configuration
                    == ["embeddingMatrix: [5, 2]", #"lookupStyle: "ONE_HOT""#])
    }
}

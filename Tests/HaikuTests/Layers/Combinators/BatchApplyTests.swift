import Haiku
import Testing

/// BatchApply against real Haiku 0.0.17 (`Fixtures/attention.json`, group
/// "batch_apply"): a Linear over merged leading axes (2 and 3 of them), and
/// a rank-1 bias passed through unmerged; parameter names and initial
/// values bit for bit, outputs and gradients under `jit` within
/// ``AttentionFixtures/relative``. Then its errors.
@Suite struct BatchApplyTests {
    /// The case's function on its inputs (`[x, bias?]`).
    static func forward(_ name: String, numDims: Int) -> Transformed<[Tensor], Tensor> {
        transform { (inputs: [Tensor]) -> Tensor in
            switch name {
            case "pass_through":
                BatchApply(numDims: numDims) { (inputs: [Tensor]) in Linear(3)(inputs[0]) + inputs[1] }(inputs)
            case "three_dims": BatchApply(Linear(2), numDims: numDims)(inputs[0])
            default: BatchApply(Linear(3))(inputs[0])
            }
        }
    }

    @Test(arguments: AttentionFixtures.cases("batch_apply"))
    func batchApplyMatchesHaiku(_ name: String) throws {
        let c = AttentionFixtures.file["batch_apply"][name]
        let inputs = [c["x"].tensor] + (name == "pass_through" ? [c["bias"].tensor] : [])
        let f = Self.forward(name, numDims: c["num_dims"].int)
        let params = try f.initialize(rng: PRNGKey(42), inputs)
        LayerNormFixtures.expectBundles(params, c["params"], "\(name) params")
        let applied = LayerNormFixtures.params(c["apply_params"])
        let (output, gradients) = try AttentionFixtures.outputAndGradient(f, applied, inputs, cotangent: c["cotangent"].tensor)
        AttentionFixtures.expectClose(output, c["output"], "\(name) output")
        AttentionFixtures.expectClose(gradients, c["grad_params"], "\(name) gradient")
    }

    /// The error `initialize` throws for `body(x)`.
    static func error(_ x: Tensor, _ body: @escaping (Tensor) -> Tensor) throws -> String {
        try #require(initializationError(x, body)).description
    }

    @Test func anInputOfTheMergedRankIsNeeded() throws {
        let haiku = AttentionFixtures.file["errors"]["batch_apply_no_input"]
        #expect(haiku["error"].string == "ValueError")
        var message = haiku["message"].string
        message.removeLast()  // the period
        #expect(try Self.error(Tensor.ones([4])) { BatchApply(Linear(3))($0) }.contains(message))
        #expect(try Self.error(Tensor.ones([4, 2])) { BatchApply(Linear(3), numDims: -1)($0) }
            .contains("BatchApply: numDims must not be negative, not -1"))
    }

    @Test func outputsMustLeadWithTheMergedAxis() throws {
        let message = try Self.error(Tensor.ones([2, 3, 4])) { x in BatchApply { (x: Tensor) in x.sum(axes: [0]) }(x) }
        #expect(message.contains("BatchApply: an output of shape [4] does not lead with the merged axis of size 6"), "\(message)")
    }

    /// Lower-rank inputs pass as they are; as a layer it fits a Sequential.
    @Test func mergesOnlyInputsOfTheMergedRank() throws {
        var seen: [[Int]] = []
        let y = BatchApply(numDims: 2) { (inputs: [Tensor]) -> [Tensor] in
            seen = inputs.map(\.shape)
            return [inputs[0] * 2, inputs[0].sum(axes: [1])]
        }([Tensor.ones([2, 3, 4]), Tensor.ones([4])])
        #expect(seen == [[6, 4], [4]])
        #expect(y.map(\.shape) == [[2, 3, 4], [2, 3]])
        let f = transform { (x: Tensor) in Sequential([BatchApply(Linear(5)), relu])(x) }
        let params = try f.initialize(rng: PRNGKey(0), Tensor.ones([2, 3, 4]))
        #expect(try f.apply(params, Tensor.ones([2, 3, 4])).shape == [2, 3, 5])
    }
}

@testable import Haiku
import Testing

/// SpectralNorm's and SNParamsTree's errors against what Haiku 0.0.17
/// raises (`Fixtures/spectral_norm.json`, group "errors"), and the
/// `ignore_regex` matching they share with EMAParamsTree.
@Suite struct SpectralNormErrorTests {
    static let errors = SpectralNormFixtures.file["errors"]

    /// Haiku's message without its final period (ours adds one).
    static func message(_ name: String) -> String {
        var message = errors[name]["message"].string
        if message.hasSuffix(".") { message.removeLast() }
        return message
    }

    /// The MLP parameters with biases the tree cases use.
    static let treeWithBias = SpectralNormFixtures.tree(SpectralNormFixtures.file["params_tree"]["mlp_ignore_bias"]["tree"])

    @Test(arguments: ["vector", "scalar", "rank3_error_on_non_matrix"])
    func inputErrorsMatchHaiku(_ name: String) throws {
        let c = Self.errors[name]
        let errorOnNonMatrix = c.keys.contains("errorOnNonMatrix")
        let error = try #require(initializationError(Tensor.zeros(c["shape"].ints)) { (x: Tensor) in
            SpectralNorm()(x, errorOnNonMatrix: errorOnNonMatrix)
        })
        #expect(c["type"].string == "ValueError")
        #expect(error.description.contains("spectral_norm (SpectralNorm): \(Self.message(name))"), "\(error)")
    }

    @Test func aVectorParameterIsAnErrorNamingItsModule() throws {
        let error = try #require(initializationError(Self.treeWithBias) { (tree: Params) in SNParamsTree()(tree) })
        #expect(Self.errors["tree_with_bias"]["type"].string == "ValueError")
        #expect(error.description.contains(
            "sn_params_tree/mlp___tilde__linear_0__b (SpectralNorm): \(Self.message("tree_with_bias"))"), "\(error)")
    }

    /// Haiku fails with Python's UnboundLocalError; ours names the argument.
    @Test func zeroStepsIsAnError() throws {
        #expect(Self.errors["zero_steps"]["type"].string == "UnboundLocalError")
        let error = try #require(initializationError(Tensor.zeros([2, 3])) { (x: Tensor) in SpectralNorm(nSteps: 0)(x) })
        #expect(error.description.contains("spectral_norm (SpectralNorm): n_steps must be at least 1, not 0"), "\(error)")
    }

    /// Haiku raises Python's `re.error` from `re.match`; ours reports Swift's
    /// `Regex` parser's message, naming the module.
    @Test func anInvalidRegexIsAnError() throws {
        #expect(Self.errors["tree_invalid_regex"]["type"].string == "error")
        let error = try #require(initializationError(Self.treeWithBias) { (tree: Params) in SNParamsTree(ignoreRegex: "(")(tree) })
        #expect(error.description.contains("sn_params_tree (SNParamsTree): ignore_regex '(' is not a valid regular expression"),
                "\(error)")
    }

    @Test func rankAboveTwoIsFlattenedUnlessAnError() throws {
        let x = Tensor((0..<24).map { Float($0 % 7) - 3 }, shape: [2, 3, 4])
        let f = transformWithState { (x: Tensor) in SpectralNorm()(x) }
        let (params, state) = try f.initialize(rng: PRNGKey(0), x)
        let (output, _) = try f.apply(params, state, rng: nil, x)
        #expect(output.shape == [2, 3, 4])
        #expect(state["spectral_norm"]?["u0"]?.shape == [1, 4])
    }

    @Test func filterMatchesAtTheStartLikeReMatch() throws {
        let none = try ParameterNameFilter("")
        #expect(!none.skips("mlp/~/linear_0/b") && !none.skips(""))
        let biases = try ParameterNameFilter(".*/b")
        #expect(biases.skips("mlp/~/linear_0/b"))
        #expect(biases.skips("mlp/~/linear_0/bias"))  // re.match does not anchor the end
        #expect(!biases.skips("mlp/~/linear_0/w"))
        let linear = try ParameterNameFilter("linear")
        #expect(linear.skips("linear_1/w"))
        #expect(!linear.skips("mlp/~/linear_1/w"))  // nor search the middle
        let alternatives = try ParameterNameFilter("(conv|mlp)/~/linear_[01]/w$")
        #expect(alternatives.skips("mlp/~/linear_1/w") && !alternatives.skips("mlp/~/linear_2/w"))
        #expect(throws: HaikuError.self) { try ParameterNameFilter("[a-") }
    }

    @Test func submoduleNamesFollowHaiku() {
        #expect(SNParamsTree().submoduleName("mlp/~/linear_0/w", tilde: "_tilde") == "mlp___tilde__linear_0__w")
        #expect(SNParamsTree().submoduleName("encoder/~encode/linear/w", tilde: "_tilde") == "encoder___tildeencode__linear__w")
    }
}

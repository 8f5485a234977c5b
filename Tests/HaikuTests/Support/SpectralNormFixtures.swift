import Haiku

/// `Fixtures/spectral_norm.json` (written by `Scripts/fixtures/spectral_norm.py`
/// from real Haiku) and the modules its cases describe.
enum SpectralNormFixtures {
    /// The whole file.
    static let file: FixtureValue = fixtureFile("spectral_norm")

    /// The names of the SpectralNorm cases, sorted.
    static let spectralNormCases: [String] = file["spectral_norm"].keys

    /// The names of the float32 SpectralNorm cases (those with gradients).
    static let gradientCases: [String] = spectralNormCases.filter { file["spectral_norm"][$0].keys.contains("grad_x") }

    /// The names of the SNParamsTree cases, sorted.
    static let paramsTreeCases: [String] = file["params_tree"].keys

    /// A case's `eps`, or Haiku's default.
    static func eps(_ c: FixtureValue) -> Double { c["args"].keys.contains("eps") ? c["args"]["eps"].double : 1e-4 }

    /// A case's `nSteps`, or Haiku's default.
    static func nSteps(_ c: FixtureValue) -> Int { c["args"].keys.contains("nSteps") ? c["args"]["nSteps"].int : 1 }

    /// A case's `ignoreRegex`, or Haiku's default.
    static func ignoreRegex(_ c: FixtureValue) -> String {
        c["args"].keys.contains("ignoreRegex") ? c["args"]["ignoreRegex"].string : ""
    }

    /// The case's SpectralNorm on one input, as a stateful function.
    static func spectralNorm(_ c: FixtureValue) -> TransformedWithState<Tensor, Tensor> {
        let updateStats = c["update_stats"].bool
        return transformWithState { (x: Tensor) in
            SpectralNorm(eps: eps(c), nSteps: nSteps(c))(x, updateStats: updateStats)
        }
    }

    /// The case's SNParamsTree on a parameter tree, as a stateful function.
    static func paramsTree(_ c: FixtureValue) -> TransformedWithState<Params, Params> {
        transformWithState { (tree: Params) in
            SNParamsTree(eps: eps(c), nSteps: nSteps(c), ignoreRegex: ignoreRegex(c))(tree)
        }
    }

    /// A `{module: {name: tensor}}` fixture tree as tensors.
    static func tree(_ value: FixtureValue) -> Params {
        var result: Params = [:]
        for module in value.keys {
            for name in value[module].keys { result[module, default: [:]][name] = value[module][name].tensor }
        }
        return result
    }
}

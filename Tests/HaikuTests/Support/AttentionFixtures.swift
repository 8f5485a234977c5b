import Haiku
import Testing

/// `Fixtures/attention.json` (written by `Scripts/fixtures/attention.py`
/// from real Haiku): MultiHeadAttention, Embed, BatchApply and multinomial.
enum AttentionFixtures {
    /// The whole file.
    static let file: FixtureValue = fixtureFile("attention")

    /// The names of the cases of `group`, sorted.
    static func cases(_ group: String) -> [String] { file[group].keys }

    /// The relative (normwise) tolerance of results that pass through the
    /// modules' contractions, compared with a fixture that may come from
    /// another CPU: the deepest chain here (attention's gradient) is about
    /// six contractions of length at most 8 with a softmax between, which
    /// bounds the rounding difference by a few tens of float32 epsilons
    /// (~6e-8 each) of the largest magnitude; 1e-5 leaves a margin of ten
    /// while a wrong scaling, mask or head order is off by far more.
    static let relative = 1e-5

    /// Checks `tensor` against `expected` within ``relative`` of the
    /// largest of `expected` and `reference`.
    static func expectClose(_ tensor: Tensor?, _ expected: FixtureValue, _ label: String, reference: Double = 0,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        LayerNormFixtures.expectClose(tensor, expected, label, relative: relative, reference: reference,
                                      sourceLocation: sourceLocation)
    }

    /// Checks a gradient tree against `expected` within ``relative`` of the
    /// tree's largest value: a gradient that is zero in exact arithmetic
    /// (the key bias's: it adds one constant to a whole softmax row) is
    /// rounding noise of the size of the terms that cancel in it.
    static func expectClose(_ params: Params, _ expected: FixtureValue, _ label: String) {
        let largest = expected.keys.flatMap { module in
            expected[module].keys.flatMap { expected[module][$0].fixtureTensor.values.map(abs) }
        }.max() ?? 0
        LayerNormFixtures.expectBundles(params, expected, label) { expectClose($0, $1, $2, reference: largest) }
    }

    /// The attention module the case's `args` describe (made inside a transform).
    static func attention(_ args: FixtureValue) -> MultiHeadAttention {
        let a = FixtureArguments(args)
        let wInit: (any Initializer)? = a.members["wInitVarianceScale"].map { VarianceScaling(scale: $0.double) }
        return MultiHeadAttention(numHeads: a.int("numHeads"), keySize: a.int("keySize"),
                                  wInitScale: a.members["wInitScale"]?.double, wInit: wInit,
                                  withBias: a.bool("withBias", default: true),
                                  valueSize: a.members["valueSize"]?.int, modelSize: a.members["modelSize"]?.int)
    }
}

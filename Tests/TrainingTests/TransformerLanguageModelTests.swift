import Foundation
import Haiku
import NumericsSupport
import Testing
import Training

/// ``TransformerLanguageModel`` against the same model written in Haiku
/// (`Scripts/bench/transformer_lm.py`, recorded by
/// `Scripts/fixtures/transformer_lm.py` into Fixtures/transformer_lm.json):
/// parameter names, shapes, dtypes and counts, the small model's initial
/// values, and its logits.
@Suite struct TransformerLanguageModelTests {
    /// One case of the fixture.
    struct Case: Decodable {
        struct Config: Decodable {
            let vocabulary, layers, model_size, heads, max_length: Int
        }
        struct Layout: Decodable {
            let shape: [Int]
            let dtype: String
        }
        struct Values: Decodable {
            let shape: [Int]
            let values: [Double]
        }
        struct Nested: Decodable {
            let shape: [Int]
            let values: NestedNumbers
        }
        let config: Config
        let order: [String]
        let layout: [String: [String: Layout]]
        let count: Int
        let params: [String: [String: Values]]?
        let tokens: Nested?
        let logits: Nested?
    }

    /// A nested JSON list of numbers, flattened row-major.
    struct NestedNumbers: Decodable {
        let flat: [Double]
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Double.self) { flat = [number] } else {
                flat = try container.decode([NestedNumbers].self).flatMap(\.flat)
            }
        }
    }

    static let fixture: [String: Case] = {
        do {
            return try JSONDecoder().decode([String: Case].self,
                                            from: Data(contentsOf: FixtureFiles.url("transformer_lm.json")))
        } catch { fatalError("Fixtures/transformer_lm.json does not decode: \(error)") }
    }()

    /// The Swift model of a fixture case, transformed.
    func model(_ config: Case.Config) -> Transformed<Tensor, Tensor> {
        transform { (characters: Tensor) in
            TransformerLanguageModel(vocabularySize: config.vocabulary, layers: config.layers, modelSize: config.model_size,
                                     heads: config.heads)(characters)
        }
    }

    @Test(arguments: ["benchmark", "small"])
    func namesShapesAndCountsAreHaikus(name: String) throws {
        let expected = try #require(Self.fixture[name])
        let params = try model(expected.config).initialize(
            rng: PRNGKey(42), Tensor.zeros([2, expected.config.max_length], dtype: .int32))
        let names = params.flatMap { module, tensors in tensors.keys.map { "\(module)/\($0)" } }
        #expect(names.sorted() == expected.order.sorted())
        for (module, tensors) in expected.layout {
            for (parameter, layout) in tensors {
                #expect(params[module]?[parameter]?.shape == layout.shape, "\(module)/\(parameter)")
                #expect(params[module]?[parameter]?.dtype.name == layout.dtype, "\(module)/\(parameter)")
            }
        }
        #expect(params.values.flatMap(\.values).map { $0.shape.reduce(1, *) }.reduce(0, +) == expected.count)
    }

    /// The initial values come from the same random bits through the same
    /// initializers (truncated normals, zeros, ones); the logits pass
    /// through 2 blocks of contractions of at most 32 terms, softmaxes and
    /// LayerNorms, whose sums XLA orders by the CPU's vector width: within
    /// rtol 1e-4 + atol 1e-5 of JAX's on any machine.
    @Test func initialValuesAndLogitsAreHaikus() throws {
        let expected = try #require(Self.fixture["small"])
        let tokens = try #require(expected.tokens)
        let ids = Tensor(tokens.values.flat.map { Int32($0) }, shape: tokens.shape, dtype: .int32)
        let forward = model(expected.config)
        let params = try forward.initialize(rng: PRNGKey(42), ids)
        var haikus: Params = [:]
        for (module, tensors) in try #require(expected.params) {
            for (parameter, values) in tensors {
                let actual = try #require(params[module]?[parameter]).scalars(as: Float.self)
                let reference = values.values.map { Float($0) }
                let worst = zip(actual, reference).map { abs($0 - $1) / max(abs($1), 1e-6) }.max() ?? 0
                #expect(worst <= 1e-6, "\(module)/\(parameter): relative difference \(worst)")
                haikus[module, default: [:]][parameter] = Tensor(reference, shape: values.shape, dtype: .float32)
            }
        }
        let logits = try jit { (params: Params, ids: Tensor) in try forward.apply(params, ids) }(haikus, ids)
        let reference = try #require(expected.logits)
        #expect(logits.shape == reference.shape)
        let actual = try logits.scalars(as: Float.self)
        for (index, (value, expected)) in zip(actual, reference.values.flat.map { Float($0) }).enumerated() {
            #expect(abs(value - expected) <= 1e-5 + 1e-4 * abs(expected), "logit \(index): \(value) vs \(expected)")
        }
    }

    /// The learned positions are as many as the first call's length; another
    /// length is Haiku's typed error for `position_embed`, not a silent result.
    @Test func anotherLengthIsATypedError() throws {
        let forward = model(.init(vocabulary: 5, layers: 1, model_size: 8, heads: 2, max_length: 4))
        let params = try forward.initialize(rng: PRNGKey(0), Tensor.zeros([1, 4], dtype: .int32))
        #expect(throws: HaikuError.self) { try forward.apply(params, Tensor.zeros([1, 6], dtype: .int32)) }
    }
}

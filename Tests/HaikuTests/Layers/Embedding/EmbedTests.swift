import Haiku
import Testing

/// Embed against real Haiku 0.0.17 (`Fixtures/attention.json`, group
/// "embed"), both lookup styles: the `embeddings` parameter (name, shape,
/// initial value), the output under `jit` (including ids outside the
/// vocabulary, which JAX clamps in a gather and zeroes in a one-hot) and
/// the gradient of the embeddings, all bit for bit: a gather, a scatter-add
/// of at most two terms per row and products with a one-hot matrix (exact
/// multiplications by 0 and 1, sums with zeros) round alike everywhere.
@Suite struct EmbedTests {
    static let styles: [(EmbedLookupStyle, String)] = [(.arrayIndex, "array_index"), (.oneHot, "one_hot")]

    /// The embedding module the case describes (made inside a transform).
    static func embed(_ c: FixtureValue, lookupStyle: EmbedLookupStyle) -> Embed {
        let a = FixtureArguments(c["args"])
        guard a.bool("embeddingMatrix") else {
            return Embed(vocabSize: a.int("vocabSize"), embedDim: a.int("embedDim"), lookupStyle: lookupStyle)
        }
        return Embed(embeddingMatrix: c["embedding_matrix"].tensor, lookupStyle: lookupStyle)
    }

    @Test(arguments: AttentionFixtures.cases("embed"))
    func embedMatchesHaiku(_ name: String) throws {
        let c = AttentionFixtures.file["embed"][name]
        let ids = c["ids"].tensor
        for (style, key) in Self.styles {
            let f = transform { (ids: Tensor) -> Tensor in Self.embed(c, lookupStyle: style)(ids) }
            // Initialized with ids in the vocabulary: those of "outside_traced" are an error outside `jit`.
            let params = try f.initialize(rng: PRNGKey(42), Tensor.zeros(ids.shape, dtype: ids.dtype))
            LayerNormFixtures.expectBundles(params, c["params"], "\(name) \(key) params")
            let (output, gradient) = try AttentionFixtures.outputAndGradient(f, params, ids,
                                                                             cotangent: c["cotangent_\(key)"].tensor)
            c[key].expectTensor(output, "\(name) \(key) output")
            LayerNormFixtures.expectBundles(gradient, c["grad_\(key)"], "\(name) \(key) gradient")
        }
    }

    /// `embeddings` is the parameter the lookups read (created on first use).
    @Test func embeddingsPropertyIsTheParameter() throws {
        let f = transform { (ids: Tensor) -> [Tensor] in
            let embed = Embed(vocabSize: 5, embedDim: 3)
            return [embed.embeddings, embed(ids)]
        }
        let ids = Tensor([Int32(4), 1])
        let params = try f.initialize(rng: PRNGKey(0), ids)
        #expect(HaikuFixtures.nameShapes(params) == ["embed/embeddings": [5, 3]])
        let out = try f.apply(params, ids)
        #expect(try out[0].scalars(as: Float.self) == params["embed"]?["embeddings"]?.scalars(as: Float.self))
        #expect(try out[1].scalars(as: Float.self) == out[0][.array(ids)].scalars(as: Float.self))
    }
}

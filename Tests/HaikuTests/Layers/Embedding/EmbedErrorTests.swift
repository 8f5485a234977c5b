import Haiku
import Testing

/// Embed's errors: Haiku's own messages (`Fixtures/attention.json`, group
/// "errors"), then what Haiku leaves to Python or does not check: an
/// unknown lookup style (Haiku's `AttributeError`), boolean ids, a matrix
/// that is not rank 2, negative sizes, and ids outside the vocabulary when
/// their values are known (made inside the transformed function); each a
/// `HaikuError` naming the module. The lookup style by name.
@Suite struct EmbedErrorTests {
    /// The error `initialize` throws for `make()(ids)`.
    static func error(_ ids: Tensor, _ make: @escaping () -> Embed) -> HaikuError? {
        initializationError(ids) { (ids: Tensor) -> Tensor in make()(ids) }
    }

    static func expect(_ error: HaikuError?, contains message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let error else { Issue.record("no error; expected \(message)", sourceLocation: sourceLocation); return }
        #expect(error.description.contains("embed (Embed): "), "\(error) does not name the module",
                sourceLocation: sourceLocation)
        #expect(error.description.contains(message), "\(error) does not contain \(message)", sourceLocation: sourceLocation)
        #expect(!error.description.hasSuffix(".."), "\(error) ends with two periods", sourceLocation: sourceLocation)
    }

    /// Haiku's message for the case, without the tuple shape Python prints.
    static func haikuMessage(_ name: String) -> String {
        let c = AttentionFixtures.file["errors"][name]
        #expect(c["error"].string == "ValueError", "\(name)")
        return c["message"].string.replacingOccurrences(of: "(5, 2)", with: "[5, 2]")
    }

    static let ids = Tensor([Int32(0), 1, 2])

    @Test func sizesMustBeGivenOrAgreeWithTheMatrix() {
        Self.expect(Self.error(Self.ids) { Embed(vocabSize: 3) }, contains: Self.haikuMessage("embed_no_sizes"))
        Self.expect(Self.error(Self.ids) { Embed(vocabSize: 4, embeddingMatrix: Tensor.ones([5, 2])) },
                    contains: Self.haikuMessage("embed_vocab_mismatch"))
        Self.expect(Self.error(Self.ids) { Embed(embedDim: 3, embeddingMatrix: Tensor.ones([5, 2])) },
                    contains: Self.haikuMessage("embed_dim_mismatch"))
        Self.expect(Self.error(Self.ids) { Embed(embeddingMatrix: Tensor.ones([5])) },
                    contains: "the `embedding_matrix` must be [vocab_size, embed_dim], not shape [5]")
        Self.expect(Self.error(Self.ids) { Embed(vocabSize: -4, embedDim: 2) }, contains: "vocabSize must not be negative, not -4")
    }

    @Test func idsMustBeIntegers() {
        Self.expect(Self.error(Tensor([Float(0), 1])) { Embed(vocabSize: 4, embedDim: 2) },
                    contains: Self.haikuMessage("embed_float_ids"))
        Self.expect(Self.error(Tensor([true, false])) { Embed(vocabSize: 4, embedDim: 2) },
                    contains: "integer dtype but was called with an array of bool")
    }

    @Test func anUnknownLookupStyleIsAnError() {
        #expect(AttentionFixtures.file["errors"]["embed_bad_style"]["error"].string == "AttributeError")
        Self.expect(Self.error(Self.ids) { Embed(vocabSize: 4, embedDim: 2, lookupStyle: "NEAREST") },
                    contains: #"unknown lookup style "NEAREST": use "ARRAY_INDEX" or "ONE_HOT""#)
    }

    /// Ids made inside the transformed function are known as it runs.
    @Test func knownIdsOutsideTheVocabularyAreAnError() {
        for style in [EmbedLookupStyle.arrayIndex, .oneHot] {
            for (ids, message) in [(Tensor([Int32(0), 4, 1]), "ids must be in [0, 4): got 4, outside the vocabulary"),
                                   (Tensor([Int8(-1)]), "ids must be in [0, 4): got -1"),
                                   (Tensor([UInt32.max]), "got 4294967295")] {
                Self.expect(initializationError(Tensor(0)) { (_: Tensor) -> Tensor in
                    Embed(vocabSize: 4, embedDim: 2, lookupStyle: style)(ids)
                }, contains: message)
            }
        }
        #expect(initializationError(Tensor(0)) { (_: Tensor) -> Tensor in
            Embed(vocabSize: 4, embedDim: 2)(Tensor([UInt8(3), 0]))
        } == nil)
    }

    @Test func lookupStylesByName() {
        #expect(EmbedLookupStyle("one_hot") == .oneHot)
        let byLiteral: EmbedLookupStyle = "Array_Index"
        #expect(byLiteral == .arrayIndex)
        #expect(EmbedLookupStyle.oneHot.description == #""ONE_HOT""#)
    }
}

import Haiku
import Testing

/// MultiHeadAttention's errors: Haiku's own (`Fixtures/attention.json`,
/// group "errors"), then the inputs Haiku fails on inside NumPy or JAX
/// (fewer than two axes, keys and values of different lengths, a mask that
/// does not broadcast) and sizes that are not positive; each a
/// `HaikuError` naming the module.
@Suite struct AttentionErrorTests {
    /// The error `initialize` throws for `attention(query, key, value, mask:)`.
    static func error(_ shapes: [[Int]], mask: [Int]? = nil, _ make: @escaping () -> MultiHeadAttention) -> HaikuError? {
        initializationError(shapes.map { Tensor.ones($0) }) { (inputs: [Tensor]) -> Tensor in
            make()(inputs[0], inputs[1], inputs[2], mask: mask.map { Tensor.ones($0, dtype: .bool) })
        }
    }

    static func expect(_ error: HaikuError?, contains message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let error else { Issue.record("no error; expected \(message)", sourceLocation: sourceLocation); return }
        #expect(error.description.contains("multi_head_attention (MultiHeadAttention): "),
                "\(error) does not name the module", sourceLocation: sourceLocation)
        #expect(error.description.contains(message), "\(error) does not contain \(message)", sourceLocation: sourceLocation)
        #expect(!error.description.hasSuffix(".."), "\(error) ends with two periods", sourceLocation: sourceLocation)
    }

    static func haikuMessage(_ name: String) -> String {
        let c = AttentionFixtures.file["errors"][name]
        #expect(c["error"].string == "ValueError", "\(name)")
        return c["message"].string
    }

    static let sequence = [[2, 5, 4], [2, 5, 4], [2, 5, 4]]

    @Test func initializersMustBeOneOfTwo() {
        Self.expect(Self.error(Self.sequence) { MultiHeadAttention(numHeads: 2, keySize: 3) },
                    contains: Self.haikuMessage("mha_no_initializer"))
        Self.expect(Self.error(Self.sequence) { MultiHeadAttention(numHeads: 2, keySize: 3, wInitScale: 1, wInit: Constant(1)) },
                    contains: Self.haikuMessage("mha_both_initializers"))
        // Haiku tests `w_init and w_init_scale`: a zero scale beside `wInit` is not two.
        #expect(Self.error(Self.sequence) { MultiHeadAttention(numHeads: 2, keySize: 3, wInitScale: 0, wInit: Constant(1)) } == nil)
    }

    @Test func maskMustHaveTheLogitsRank() {
        Self.expect(Self.error(Self.sequence, mask: [5, 5]) { MultiHeadAttention(numHeads: 2, keySize: 3, wInitScale: 1) },
                    contains: Self.haikuMessage("mha_mask_rank"))
        Self.expect(Self.error(Self.sequence, mask: [2, 3, 5, 5]) { MultiHeadAttention(numHeads: 2, keySize: 3, wInitScale: 1) },
                    contains: "the mask's shape [2, 3, 5, 5] does not broadcast to the logits' [2, 2, 5, 5]")
    }

    @Test func inputsNeedASequenceAxis() {
        Self.expect(Self.error([[4], [5, 4], [5, 4]]) { MultiHeadAttention(numHeads: 2, keySize: 3, wInitScale: 1) },
                    contains: "the query must have at least two axes ([..., T, D]), not shape [4]")
        Self.expect(Self.error([[5, 4], [6, 4], [7, 4]]) { MultiHeadAttention(numHeads: 2, keySize: 3, wInitScale: 1) },
                    contains: "the key's length 6 and the value's 7 differ")
    }

    @Test func sizesMustBePositive() {
        Self.expect(Self.error(Self.sequence) { MultiHeadAttention(numHeads: -1, keySize: 3, wInitScale: 1) },
                    contains: "numHeads must be positive, not -1")
        Self.expect(Self.error(Self.sequence) { MultiHeadAttention(numHeads: 2, keySize: 3, wInitScale: 1, modelSize: -4) },
                    contains: "modelSize must be positive, not -4")
        Self.expect(Self.error(Self.sequence) { MultiHeadAttention(numHeads: Int.max, keySize: 3, wInitScale: 1) },
                    contains: "times the head size overflows")
    }

    @Test func zeroSizesMeanTheDefaults() {
        let attention = MultiHeadAttention(numHeads: 2, keySize: 3, wInitScale: 1, valueSize: 0, modelSize: 0)
        #expect(attention.valueSize == 3 && attention.modelSize == 6)
    }
}

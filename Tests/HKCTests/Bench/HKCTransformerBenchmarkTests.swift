import Foundation
import Testing

/// `hkc summary transformer` tabulates the Transformer benchmark model: 4
/// decoder blocks, d_model 256, 4 heads over `[B, T]` ids of 76 characters.
/// (`hkc bench transformer`: ``HKCLSTMBenchmarkTests``.)
@Suite struct HKCTransformerBenchmarkTests {
    @Test func summaryTabulatesTheBlocksAndTheReadOut() throws {
        let result = try HKCProcess.run(["summary", "transformer", "--batch", "2"])
        #expect(!result.crashed, "\(result.output)")
        #expect(result.status == 0, "\(result.output)")
        // token_embed [76, 256], position_embed [128, 256], per block 4 × (256² + 256) attention
        // and 2 × 256 · 1024 + 1024 + 256 MLP, the read-out [256, 76] + [76].
        for expected in ["transformer_language_model/token_embed (Embed)", "f32[128,256]",
                         "transformer_language_model/decoder_block_3/multi_head_attention/query (Linear)",
                         "transformer_language_model/linear (Linear)", "f32[256,76]", "19,532", "s32[2,128]"] {
            #expect(result.output.contains(expected), "\(expected) missing from \(result.output)")
        }
    }
}

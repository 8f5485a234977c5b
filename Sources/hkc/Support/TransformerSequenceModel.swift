import Haiku
import Training

/// The `transformer` model of `hkc bench` and `hkc summary`, as
/// `Scripts/bench-jax transformer` builds it in Haiku
/// (`Scripts/bench/transformer_lm.py`): a ``TransformerLanguageModel`` of
/// 4 blocks, d_model 256 and 4 heads over the 76 characters of the
/// Shakespeare text, on `int32` ids `[B, T]`, logits `[B, T, 76]`.
enum TransformerSequenceModel {
    /// The characters read and predicted.
    static let vocabularySize = 76
    /// The decoder blocks.
    static let layers = 4
    /// d_model.
    static let modelSize = 256
    /// Attention heads per block.
    static let heads = 4
    /// The sequence length unless told otherwise.
    static let defaultLength = 128

    /// The network, transformed.
    static var forward: Transformed<Tensor, Tensor> {
        transform { (characters: Tensor) in
            TransformerLanguageModel(vocabularySize: vocabularySize, layers: layers, modelSize: modelSize, heads: heads)(characters)
        }
    }
}

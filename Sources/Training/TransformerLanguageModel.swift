import Haiku

/// A decoder-only Transformer that predicts the next character at every
/// position, written with Haiku's modules as a Haiku user would (the same
/// model in Python is `Scripts/bench/transformer_lm.py`, and its names
/// and shapes are checked against it):
///
/// ```
/// x = token_embed(ids) + position_embed(0..<T)      // Embed(vocabularySize, modelSize), Embed(T, modelSize)
/// x = decoder_block(x), decoder_block_1(x), ...     // `layers` pre-LayerNorm ``DecoderBlock``s, causal
/// logits = linear(layer_norm(x))                    // untied read-out [..., T, vocabularySize]
/// ```
///
/// The learned positions are as many as the sequence length of the first
/// call (`Embed(T, modelSize)`); a later call with another length is
/// Haiku's parameter-shape error for `position_embed`. Parameters:
/// `transformer_language_model/token_embed`, `.../position_embed`,
/// `.../decoder_block_<i>/...`, `.../layer_norm`, `.../linear`.
public final class TransformerLanguageModel: Module {
    /// The characters (classes) read and predicted.
    public let vocabularySize: Int
    /// The decoder blocks.
    public let layers: Int
    /// The width of every position's vector (d_model).
    public let modelSize: Int
    /// The attention heads of each block (each of `modelSize / heads` features).
    public let heads: Int

    /// A model over `vocabularySize` characters with `layers` blocks of
    /// width `modelSize` and `heads` heads.
    public init(vocabularySize: Int, layers: Int, modelSize: Int, heads: Int, name: ModuleName = nil) {
        self.vocabularySize = vocabularySize
        self.layers = layers
        self.modelSize = modelSize
        self.heads = heads
        super.init(name: name)
    }

    /// `vocabularySize: 76, layers: 4, modelSize: 256, heads: 4`.
    public override var configuration: [String] {
        ["vocabularySize: \(vocabularySize)", "layers: \(layers)", "modelSize: \(modelSize)", "heads: \(heads)"]
    }

    /// Next-character logits `[..., T, vocabularySize]` for `int32`
    /// character indices `[..., T]`.
    public func callAsFunction(_ characters: Tensor) -> Tensor {
        method(characters) { characters in
            let length = characters.shape.last ?? 1
            let tokens = Embed(vocabSize: vocabularySize, embedDim: modelSize, name: "token_embed")(characters)
            var x = tokens + Embed(vocabSize: length, embedDim: modelSize, name: "position_embed")(Tensor.arange(length))
            let mask = causalMask(length)
            for _ in 0..<layers {
                x = DecoderBlock(modelSize: modelSize, heads: heads, layers: layers)(x, mask: mask)
            }
            return Linear(vocabularySize)(LayerNorm(axis: -1, createScale: true, createOffset: true)(x))
        }
    }
}

/// One pre-LayerNorm block of a ``TransformerLanguageModel``:
/// `x + attention(LayerNorm(x))` (``MultiHeadAttention`` of `heads` heads
/// under `mask`), then `x + MLP([4 · modelSize, modelSize], gelu)(LayerNorm(x))`;
/// the attention's and the MLP's weights start from
/// `VarianceScaling(scale: 2 / layers)`, as Haiku's Transformer example.
/// Parameters: `layer_norm`, `multi_head_attention/{query,key,value,linear}`,
/// `layer_norm_1`, `mlp/~/linear_0`, `mlp/~/linear_1`.
public final class DecoderBlock: Module {
    /// The width of every position's vector.
    public let modelSize: Int
    /// The attention heads.
    public let heads: Int
    /// The blocks of the whole model, which scale the initial weights.
    public let layers: Int

    /// A block of width `modelSize` with `heads` heads, one of `layers`.
    public init(modelSize: Int, heads: Int, layers: Int, name: ModuleName = nil) {
        self.modelSize = modelSize
        self.heads = heads
        self.layers = layers
        super.init(name: name)
    }

    /// `modelSize: 256, heads: 4, layers: 4`.
    public override var configuration: [String] { ["modelSize: \(modelSize)", "heads: \(heads)", "layers: \(layers)"] }

    /// The block applied to `x` `[..., T, modelSize]`, attending where
    /// `mask` (broadcastable to `[..., heads, T, T]`) is true.
    public func callAsFunction(_ x: Tensor, mask: Tensor) -> Tensor {
        method(x, mask) { x, mask in
            let wInit = VarianceScaling(scale: 2 / Double(max(layers, 1)))
            var h = LayerNorm(axis: -1, createScale: true, createOffset: true)(x)
            let attended = MultiHeadAttention(numHeads: heads, keySize: modelSize / max(heads, 1), wInit: wInit,
                                              modelSize: modelSize)(h, h, h, mask: mask)
            let y = x + attended
            h = LayerNorm(axis: -1, createScale: true, createOffset: true)(y)
            return y + MLP([4 * modelSize, modelSize], wInit: wInit, activation: { gelu($0) })(h)
        }
    }
}

/// `[1, 1, T, T]`, true where a query position may attend to a key
/// position: at or before its own (`jnp.tril(jnp.ones((1, 1, T, T), bool))`).
private func causalMask(_ length: Int) -> Tensor {
    (Tensor.arange(length).reshaped([length, 1]) .>= Tensor.arange(length).reshaped([1, length])).reshaped([1, 1, length, length])
}

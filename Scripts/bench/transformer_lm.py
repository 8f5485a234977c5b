"""The decoder-only Transformer language model of `hkc bench transformer`,
`hkc train shakespeare --model transformer` and Sources/Training's
TransformerLanguageModel, written in Haiku as its user would (pinned: jax
0.11.2, dm-haiku 0.0.17): shared by Scripts/bench/bench_jax.py and
Scripts/fixtures/transformer_lm.py.

Character ids [B, T] -> `token_embed` (hk.Embed(vocab, d)) plus
`position_embed` (hk.Embed(max_length, d) of arange(T)) -> `layers` pre-LayerNorm
decoder blocks (x + MultiHeadAttention(LayerNorm(x)) under a causal mask, then
x + MLP([4d, d], gelu)(LayerNorm(x))) -> LayerNorm -> an untied hk.Linear(vocab)
read-out: logits [B, T, vocab]. The attention and MLP weights start from
VarianceScaling(2 / layers), as Haiku's own Transformer example.
"""
import haiku as hk
import jax
import jax.numpy as jnp

# The benchmark's configuration (the issue's): 4 layers, d_model 256, 4 heads, sequence 128,
# over the 76 distinct characters of Sources/Datasets' Shakespeare text.
LAYERS, MODEL_SIZE, HEADS, LENGTH, VOCABULARY = 4, 256, 4, 128, 76


class DecoderBlock(hk.Module):
    """x + attention(LayerNorm(x)), then x + MLP(LayerNorm(x))."""

    def __init__(self, model_size, heads, layers, name=None):
        super().__init__(name=name)
        self.model_size, self.heads, self.layers = model_size, heads, layers

    def __call__(self, x, mask):
        w_init = hk.initializers.VarianceScaling(2 / self.layers)
        h = hk.LayerNorm(-1, True, True)(x)
        x = x + hk.MultiHeadAttention(self.heads, self.model_size // self.heads, w_init=w_init,
                                      model_size=self.model_size)(h, h, h, mask=mask)
        h = hk.LayerNorm(-1, True, True)(x)
        return x + hk.nets.MLP([4 * self.model_size, self.model_size], w_init=w_init, activation=jax.nn.gelu)(h)


class TransformerLanguageModel(hk.Module):
    """Next-character logits [B, T, vocab] from character ids [B, T] (T <= max_length)."""

    def __init__(self, vocabulary, layers, model_size, heads, max_length, name=None):
        super().__init__(name=name)
        self.vocabulary, self.layers, self.model_size = vocabulary, layers, model_size
        self.heads, self.max_length = heads, max_length

    def __call__(self, tokens):
        length = tokens.shape[-1]
        x = hk.Embed(self.vocabulary, self.model_size, name="token_embed")(tokens)
        x = x + hk.Embed(self.max_length, self.model_size, name="position_embed")(jnp.arange(length))
        mask = jnp.tril(jnp.ones((1, 1, length, length), bool))
        for _ in range(self.layers):
            x = DecoderBlock(self.model_size, self.heads, self.layers)(x, mask)
        x = hk.LayerNorm(-1, True, True)(x)
        return hk.Linear(self.vocabulary)(x)


def forward(tokens, vocabulary=VOCABULARY, layers=LAYERS, model_size=MODEL_SIZE, heads=HEADS, max_length=LENGTH):
    """The model on `tokens` (inside hk.transform)."""
    return TransformerLanguageModel(vocabulary, layers, model_size, heads, max_length)(tokens)

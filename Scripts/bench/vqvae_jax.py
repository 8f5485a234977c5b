"""The VQ-VAE of `hkc bench vqvae` (Sources/Training/VQVAEModel.swift) in Haiku, as
Haiku's VQ-VAE example builds it: an Encoder (enc_1, enc_2: 4x4 stride-2 convolutions
to 16 and 32 channels; enc_3: 3x3; a ResidualStack of two res3x3_i (16) / res1x1_i (32)
layers), to_vq (1x1 to 16), hk.nets.VectorQuantizerEMA(16, 64, commitment_cost=0.25,
decay=0.99), a Decoder (dec_1: 3x3; a ResidualStack; dec_2, dec_3: 4x4 stride-2
transposed convolutions to 16 and 1 channels), on f32[batch, 28, 28, 1] uniform in
[0, 1) centred by -0.5. Loss: mean squared reconstruction error + the quantizer's loss;
its auxiliary output the updated codebook state and [reconstruction, quantizer,
perplexity], which the step returns (stateful_step.py: optax.adam(1e-3), PRNGKey(42)).
"""
import jax
import jax.numpy as jnp
import numpy as np

HIDDEN, RESIDUAL, RESIDUAL_LAYERS, EMBEDDING_DIM, CODES = 32, 16, 2, 16, 64


def forward(images, is_training):
    """The model's outputs: reconstruction error, quantizer loss and perplexity."""
    import haiku as hk

    def residual_stack():
        def stack(h):
            for i in range(RESIDUAL_LAYERS):
                conv3 = hk.Conv2D(RESIDUAL, 3, name=f"res3x3_{i}")
                conv1 = hk.Conv2D(HIDDEN, 1, name=f"res1x1_{i}")
                h = h + conv1(jax.nn.relu(conv3(jax.nn.relu(h))))
            return jax.nn.relu(h)
        return hk.to_module(stack)("residual_stack")

    def encode(x):
        x = jax.nn.relu(hk.Conv2D(HIDDEN // 2, 4, stride=2, name="enc_1")(x))
        x = jax.nn.relu(hk.Conv2D(HIDDEN, 4, stride=2, name="enc_2")(x))
        x = jax.nn.relu(hk.Conv2D(HIDDEN, 3, name="enc_3")(x))
        return residual_stack()(x)

    def decode(z):
        h = residual_stack()(hk.Conv2D(HIDDEN, 3, name="dec_1")(z))
        h = jax.nn.relu(hk.Conv2DTranspose(HIDDEN // 2, 4, stride=2, name="dec_2")(h))
        return hk.Conv2DTranspose(images.shape[-1], 4, stride=2, name="dec_3")(h)

    centred = images - 0.5
    latent = hk.Conv2D(EMBEDDING_DIM, 1, name="to_vq")(hk.to_module(encode)("encoder")(centred))
    quantized = hk.nets.VectorQuantizerEMA(EMBEDDING_DIM, CODES, commitment_cost=0.25, decay=0.99)(
        latent, is_training=is_training)
    reconstruction = hk.to_module(decode)("decoder")(quantized["quantize"])
    return jnp.mean((reconstruction - centred) ** 2), quantized["loss"], quantized["perplexity"]


def vqvae_train_step(batch):
    """The training step, its first arguments ((params, state), Adam state, images) and the init time."""
    import haiku as hk
    from stateful_step import stateful_train_step

    network = hk.without_apply_rng(hk.transform_with_state(lambda x: forward(x, True)))
    x = jnp.asarray(np.random.default_rng(0).random((batch, 28, 28, 1), dtype=np.float32))

    def objective(outputs):
        reconstruction, quantizer, perplexity = outputs
        return reconstruction + quantizer, jnp.stack([reconstruction, quantizer, perplexity])

    return stateful_train_step(network, objective, x)

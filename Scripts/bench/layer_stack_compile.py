#!/usr/bin/env python3
"""The JAX + Haiku side of the layer-stack compile-time comparison
(Docs/Experimental-LayerStack.md): `numLayers` pre-norm Transformer blocks
(the block of Docs/Examples/HaikuExample/LayerStack.swift: LayerNorm,
4-head self-attention, LayerNorm, a 4x GELU MLP, each added to its input)
on x of shape [2, 32, 64], applied under jax.jit, stacked with
hk.layer_stack or written as a loop. Prints each case's trace + lowering
time and XLA compile time, as `HaikuExample layer-stack-compile` does.

Run with the reference venv:
    ~/.cache/haiku-swift/jax-venv/bin/python Scripts/bench/layer_stack_compile.py
"""
import time

import jax

jax.config.update("jax_platforms", "cpu")
import haiku as hk  # noqa: E402
import jax.numpy as jnp  # noqa: E402


def block(x):
    size = x.shape[-1]
    normalized = hk.LayerNorm(axis=-1, create_scale=True, create_offset=True)(x)
    attended = x + hk.MultiHeadAttention(num_heads=4, key_size=size // 4, w_init_scale=1.0)(
        normalized, normalized, normalized)
    hidden = hk.LayerNorm(axis=-1, create_scale=True, create_offset=True)(attended)
    return attended + hk.nets.MLP([4 * size, size], activation=jax.nn.gelu)(hidden)


def model(num_layers, stacked):
    def forward(x):
        if stacked:
            return hk.layer_stack(num_layers)(block)(x)
        for _ in range(num_layers):
            x = block(x)
        return x
    return hk.transform(forward)


x = jax.random.normal(jax.random.PRNGKey(0), [2, 32, 64])
for num_layers in [2, 12, 24]:
    for stacked in [True, False]:
        f = model(num_layers, stacked)
        params = f.init(jax.random.PRNGKey(1), x)
        start = time.perf_counter()
        lowered = jax.jit(f.apply).lower(params, None, x)
        lowering = time.perf_counter() - start
        start = time.perf_counter()
        lowered.compile()
        compiling = time.perf_counter() - start
        label = "stacked" if stacked else "loop   "
        print(f"layers {num_layers} {label}: trace+lowering {lowering:.3f} s, compile {compiling:.3f} s")

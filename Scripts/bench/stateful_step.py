"""The training step of a model with state (batch-norm moving averages, a VQ-VAE's
codebook), shared by `mobilenet` and `vqvae` in bench_jax.py."""
import time

import jax
import optax


def stateful_train_step(network, objective, x, *data):
    """`network`: an hk.transform_with_state without apply rng, initialized from
    PRNGKey(42) on `x`; `objective(outputs, *data)` -> (loss, what the step returns).
    The step: value_and_grad of the loss, its updated state an auxiliary output,
    optax.adam(1e-3), apply_updates. Returns the step, its first arguments
    ((params, state), Adam state, x, *data) and the init time."""
    optimizer = optax.adam(1e-3)

    def loss(params, state, x, *data):
        outputs, state = network.apply(params, state, x)
        value, reported = objective(outputs, *data)
        return value, (state, reported)

    def step(carried, opt_state, x, *data):
        params, state = carried
        (_, (state, reported)), grads = jax.value_and_grad(loss, has_aux=True)(params, state, x, *data)
        updates, opt_state = optimizer.update(grads, opt_state, params)
        return (optax.apply_updates(params, updates), state), opt_state, reported

    start = time.perf_counter()
    params, state = jax.jit(network.init)(jax.random.PRNGKey(42), x)
    jax.block_until_ready(params)
    init_ms = (time.perf_counter() - start) * 1e3
    return step, ((params, state), optimizer.init(params), x, *data), init_ms

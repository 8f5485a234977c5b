"""JAX + Haiku side of `hkc bench`: the same models and settings, timed the same way.

Pinned: jax 0.11.2, dm-haiku 0.0.17, optax 0.2.8 (Scripts/bench-jax makes the venv).
Usage: python bench_jax.py mlp [--batch 128] [--steps 500] [--json]

One training step = value_and_grad of the loss (softmax cross-entropy, plus
1e-4 * sum(0.5 * ||p||^2) over every parameter) + optax.adam(1e-3) update +
apply_updates, compiled with jax.jit, parameters and optimizer state donated.
Reported: median, p10, p90 step time (each step waited), compile time
(lower + compile), first-call time, init time (f.init compiled and run),
and the compiled step's peak memory (arguments + outputs + temporaries).
"""
import argparse
import json
import time

import jax
import jax.numpy as jnp
import numpy as np


def mlp_step(batch):
    import haiku as hk
    import optax

    forward = hk.without_apply_rng(hk.transform(lambda x: hk.nets.MLP([300, 100, 10])(x)))
    optimizer = optax.adam(1e-3)

    def loss(params, x, y):
        logits = forward.apply(params, x)
        labels = jax.nn.one_hot(y, 10)
        cross_entropy = -jnp.mean(jnp.sum(labels * jax.nn.log_softmax(logits), axis=-1))
        l2 = sum(0.5 * jnp.sum(p * p) for p in jax.tree.leaves(params))
        return cross_entropy + 1e-4 * l2

    def step(params, opt_state, x, y):
        value, grads = jax.value_and_grad(loss)(params, x, y)
        updates, opt_state = optimizer.update(grads, opt_state, params)
        return optax.apply_updates(params, updates), opt_state, value

    x = jnp.asarray(np.random.default_rng(0).random((batch, 784), dtype=np.float32))
    y = jnp.asarray(np.arange(batch, dtype=np.int32) % 10)
    start = time.perf_counter()
    params = jax.jit(forward.init)(jax.random.PRNGKey(42), x)
    jax.block_until_ready(params)
    init_ms = (time.perf_counter() - start) * 1e3
    opt_state = optimizer.init(params)
    return step, (params, opt_state, x, y), init_ms


def measure(step, arguments, steps):
    jitted = jax.jit(step, donate_argnums=(0, 1))
    start = time.perf_counter()
    compiled = jitted.lower(*arguments).compile()
    compile_ms = (time.perf_counter() - start) * 1e3
    memory = compiled.memory_analysis()
    peak = None
    if memory is not None:
        peak = memory.argument_size_in_bytes + memory.output_size_in_bytes + memory.temp_size_in_bytes
    params, opt_state, x, y = arguments
    start = time.perf_counter()
    params, opt_state, _ = compiled(params, opt_state, x, y)
    jax.block_until_ready(params)
    first_ms = (time.perf_counter() - start) * 1e3
    for _ in range(min(steps, 50)):
        params, opt_state, _ = compiled(params, opt_state, x, y)
    jax.block_until_ready(params)
    samples = []
    for _ in range(steps):
        start = time.perf_counter()
        params, opt_state, value = compiled(params, opt_state, x, y)
        jax.block_until_ready(value)
        samples.append((time.perf_counter() - start) * 1e3)
    p10, median, p90 = np.percentile(samples, [10, 50, 90])
    return {"median_ms": median, "p10_ms": p10, "p90_ms": p90, "compile_ms": compile_ms,
            "first_call_ms": first_ms, "peak_memory_bytes": peak}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model", choices=["mlp"])
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--steps", type=int, default=500)
    parser.add_argument("--json", action="store_true")
    arguments = parser.parse_args()
    step, inputs, init_ms = mlp_step(arguments.batch)
    result = {"implementation": "jax " + jax.__version__, "model": arguments.model, "batch": arguments.batch,
              "init_ms": init_ms, **measure(step, inputs, arguments.steps)}
    if arguments.json:
        print(json.dumps(result))
    else:
        print(f"{result['implementation']} {arguments.model} batch {arguments.batch}: step median "
              f"{result['median_ms']:.3f} ms (p10 {result['p10_ms']:.3f}, p90 {result['p90_ms']:.3f}), "
              f"compile {result['compile_ms']:.1f} ms, first call {result['first_call_ms']:.2f} ms, "
              f"init {init_ms:.1f} ms, peak memory {result['peak_memory_bytes']} B")


if __name__ == "__main__":
    main()

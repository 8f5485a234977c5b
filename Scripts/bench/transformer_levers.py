"""Pieces of the Transformer training step, each in two or three formulations, timed by process CPU time.

Usage (in the JAX venv): python Scripts/bench/transformer_levers.py [dots|qkv|softmax ...] [--rounds N]
(default: all three, 8 rounds of 20 calls each, the formulations in alternating order).

- dots: the step's dense products as `NT` (input gradients: times a transposed weight), `NN`, and a
  transpose kept by `optimization_barrier` then `NN`; its weight gradients as `TN` (contracting the
  1024 rows of both operands), a materialized `xᵀ` then `NN`, and a materialized `gᵀ` then `NN`.
- qkv: an attention block (three 256 -> 256 projections of one [1024, 256] input, causal-free
  attention with 4 heads, sum of squares) forward and backward, three dots against one dot of the
  concatenated weights.
- softmax: the attention core at [8, 4, 128, 128] with a causal mask, forward and backward, with
  autodiff of softmax's formula (what `jax.nn.softmax` does by default in jax 0.11.2, and Haiku with
  it) against jax's closed-form rule `y * (g - sum(y * g))`.

Prints, per formulation, the median and least CPU ms per call, and for qkv and softmax the largest
difference of the gradients. Docs/LanguageModel.md reports a run."""
import sys, time
import numpy as np, jax, jax.numpy as jnp
from jax import lax
from jax._src.nn.functions import _softmax as closed_form_softmax

rng = np.random.default_rng(0)
def normal(*shape, scale=1.0): return jnp.asarray(scale * rng.standard_normal(shape), jnp.float32)

def dots():
    cases = {}
    for m, k, n in [(1024, 1024, 256), (1024, 256, 1024), (1024, 256, 256)]:
        g, w = normal(m, k), normal(n, k)
        cases[f"[{m},{k}]·[{k},{n}] NT"] = (lambda g, w: lax.dot_general(g, w, (((1,), (1,)), ((), ()))), (g, w))
        cases[f"[{m},{k}]·[{k},{n}] NN"] = (lambda g, wt: g @ wt, (g, jnp.asarray(np.asarray(w).T.copy())))
        cases[f"[{m},{k}]·[{k},{n}] barrier(wᵀ) NN"] = (lambda g, w: g @ lax.optimization_barrier(w.T), (g, w))
        x, d = normal(m, k), normal(m, n)
        cases[f"dW [{k},{n}] TN"] = (lambda x, d: lax.dot_general(x, d, (((0,), (0,)), ((), ()))), (x, d))
        cases[f"dW [{k},{n}] barrier(xᵀ) NN"] = (lambda x, d: lax.optimization_barrier(x.T) @ d, (x, d))
        cases[f"dW [{k},{n}] (barrier(gᵀ) NN)ᵀ"] = (lambda x, d: (lax.optimization_barrier(d.T) @ x).T, (x, d))
    return cases, None

def attention(q, k, v, softmax, mask=None):
    heads = lambda t: t if t.ndim == 4 else t.reshape(t.shape[:-1] + (4, t.shape[-1] // 4))
    logits = jnp.einsum('...thd,...Thd->...htT', heads(q), heads(k)) / 8.0
    if mask is not None: logits = jnp.where(mask, logits, -1e30)
    return jnp.einsum('...htT,...Thd->...thd', softmax(logits), heads(v))

def formula_softmax(x):
    unnormalized = jnp.exp(x - lax.stop_gradient(jnp.max(x, -1, keepdims=True)))
    return unnormalized / jnp.sum(unnormalized, -1, keepdims=True)

def qkv():
    x = normal(8, 128, 256)
    ws, bs = [normal(256, 256, scale=0.05) for _ in range(3)], [jnp.zeros(256, jnp.float32) for _ in range(3)]
    def separate(x, ws, bs):
        q, k, v = [x @ w + b for w, b in zip(ws, bs)]
        return jnp.sum(attention(q, k, v, formula_softmax) ** 2)
    def merged(x, ws, bs):
        y = x @ jnp.concatenate(ws, 1) + jnp.concatenate(bs)
        return jnp.sum(attention(y[..., :256], y[..., 256:512], y[..., 512:], formula_softmax) ** 2)
    grad = lambda f: jax.grad(f, argnums=(0, 1, 2))
    return {"three dots": (grad(separate), (x, ws, bs)), "one dot": (grad(merged), (x, ws, bs))}, "one dot"

def softmax():
    q, k, v = [normal(8, 128, 4, 64) for _ in range(3)]
    mask = jnp.tril(jnp.ones((128, 128), bool))[None, None]
    core = lambda sm: jax.grad(lambda q, k, v: jnp.sum(attention(q, k, v, sm, mask) ** 2), argnums=(0, 1, 2))
    return {"autodiff of the formula": (core(formula_softmax), (q, k, v)),
            "closed form": (core(lambda x: closed_form_softmax(x, -1, None, -jnp.inf)), (q, k, v))}, "closed form"

def run(name, make, rounds):
    cases, compared = make()
    compiled = {label: (jax.jit(f), a) for label, (f, a) in cases.items()}
    outputs = {label: jax.block_until_ready(f(*a)) for label, (f, a) in compiled.items()}
    times = {label: [] for label in compiled}
    for r in range(rounds):
        order = list(compiled.items()) if r % 2 == 0 else list(reversed(compiled.items()))
        for label, (f, a) in order:
            start = time.process_time()
            for _ in range(20): out = f(*a)
            jax.block_until_ready(out); times[label].append((time.process_time() - start) / 20 * 1e3)
    print(f"-- {name} (load {open('/proc/loadavg').read().split()[0]})")
    for label, ts in times.items():
        print(f"   {label:32s} cpu ms median {sorted(ts)[len(ts) // 2]:.3f}  least {min(ts):.3f}")
    if compared:
        base = next(iter(outputs.values()))
        diff = max(float(jnp.max(jnp.abs(a - b))) for a, b in zip(jax.tree.leaves(base), jax.tree.leaves(outputs[compared])))
        print(f"   largest gradient difference: {diff:.2e}")

args = sys.argv[1:]
rounds = int(args[args.index("--rounds") + 1]) if "--rounds" in args else 8
chosen = [a for a in args if a in ("dots", "qkv", "softmax")] or ["dots", "qkv", "softmax"]
for name in chosen: run(name, {"dots": dots, "qkv": qkv, "softmax": softmax}[name], rounds)

"""JAX + Haiku side of `hkc bench`: the same models and settings, timed the same way.

Pinned: jax 0.11.2, dm-haiku 0.0.17, optax 0.2.8 (Scripts/bench-jax makes the venv).
Usage: python bench_jax.py mlp|cnn [--batch 128] [--steps 500 (cnn: 100)] [--policy P] [--json]
       python bench_jax.py lstm [--batch 32] [--length 64] [--steps 20] [--json]
       python bench_jax.py mobilenet|resnet18 [--batch 32] [--steps 20] [--policy P] [--json]
       python bench_jax.py resnet50 [--batch 8] [--steps 10] [--policy P] [--json]
       python bench_jax.py transformer [--batch 8] [--length 128] [--steps 20] [--json]
       python bench_jax.py vqvae [--batch 32] [--steps 20] [--json]
       python bench_jax.py ops [--steps 30] [--cases A,B] [--json]
       python bench_jax.py dispatch21 [--steps 2000] [--json]

The models: `mlp` is hk.nets.MLP([300, 100, 10]) on f32[batch, 784]; `cnn` is
hk.Sequential([hk.Conv2D(32, 3), relu, hk.max_pool(2, 2, "VALID"), hk.Conv2D(64, 3),
relu, hk.max_pool(2, 2, "VALID"), hk.Flatten(), hk.Linear(10)]) on f32[batch, 28, 28, 1]
(`hkc bench mlp|cnn`'s networks, from ClassifierModel). Inputs are uniform in [0, 1),
labels `arange(batch) % 10`. `lstm` is hk.LSTM(256) run with hk.dynamic_unroll over
time-major f32[length, batch, 64] sequences (uniform in [0, 1)) from zero states, then
hk.Linear(64) logits at every step (`hkc bench lstm`'s network, LSTMSequenceModel);
the label of step t of sequence b is (t * batch + b) % 64. `transformer` is the
decoder-only language model of Scripts/bench/transformer_lm.py (4 layers, d_model
256, 4 heads, 76 characters; `hkc bench transformer`'s network, Sources/Training's
TransformerLanguageModel) on int32[batch, length] character ids: the id at position
t of sequence b is (b * length + t) % 76, its label the next one, (b * length + t + 1) % 76.
`mobilenet` is hk.nets.MobileNetV1(num_classes=10) (Haiku's default strides and channels, batch
norm after every convolution) on f32[batch, 32, 32, 3] (uniform in [0, 1)), labels
`arange(batch) % 10`, run with hk.transform_with_state in training mode: its
updated batch-norm state is the loss's auxiliary output, carried (and donated)
with the parameters (`hkc bench mobilenet`'s network, StatefulBenchmarkNetwork).
`resnet18` is hk.nets.ResNet18(10) on f32[batch, 32, 32, 3] and `resnet50`
hk.nets.ResNet50(10) on f32[batch, 64, 64, 3], both with Haiku's ImageNet stem
(7x7 stride-2 convolution, 3x3 stride-2 max pool) and run as `mobilenet`.
`vqvae` is the VQ-VAE of vqvae_jax.py (`hkc bench vqvae`'s network, VQVAEModel) on
f32[batch, 28, 28, 1], its codebook state carried the same way.

One training step = value_and_grad of the loss (softmax cross-entropy, averaged
over the examples, for lstm and transformer over every position of every sequence; for mlp and cnn plus
1e-4 * sum(0.5 * ||p||^2) over every parameter) + optax.adam(1e-3) update +
apply_updates, compiled with jax.jit, parameters and optimizer state donated.
Reported: median, p10, p90 step time (each step waited for its loss, which
is not read), compile time (lower + compile), first-call time, init time
(f.init compiled and run), and the compiled step's peak memory (arguments +
outputs + temporaries).

--policy P (mlp, cnn, mobilenet, resnet18, resnet50) runs the network in mixed precision, as
`hkc bench --policy`: hk.mixed_precision.set_policy(cls, jmp.get_policy(P)) on the class of its
outermost module (hk.nets.MLP, hk.Sequential, hk.nets.MobileNetV1, hk.nets.ResNet18,
hk.nets.ResNet50) and, for the networks with batch norm, the recipe of Haiku's ImageNet
example: hk.BatchNorm computing in float32 with float32 parameters, its output in the
compute dtype. The result names the policy as str(policy) (`p=full,c=bf16,o=full`).

`ops` times the forward + backward of single layers, as `hkc bench ops` does:
jax.jit(jax.grad(loss)) with loss = 0.5 * sum(y * y), y = layer(inputs), differentiated
with respect to every input (the layer's input, and a convolution's kernel).
Inputs are seeded normals; pool inputs go through relu first, so the windows
hold ties as in a real network. The normalization cases run Haiku's module
under hk.transform_with_state: BatchNorm(True, True, 0.9) with is_training=True
(its updated state an auxiliary output of the grad, as in a training step) and
LayerNorm(axis=-1, create_scale=True, create_offset=True), differentiated with
respect to the input and the parameters. Reported per case: median, p10, p90
call time (each call waited) and compile time.

`dispatch21` times the dispatch of the MLP step's 21 leaves through a program
that does nothing with them: jax.jit(lambda params, state, x, y: (params,
state, jnp.sum(y)), donate_argnums=(0, 1)), params the MLP's 6 leaves (zeros),
state optax.adam(1e-3).init(params) (13 leaves), x f32[128, 784], y int32[128].
Reported: median, p10, p90 call time (each call waited for jnp.sum(y)).
"""
import argparse
import json
import time

import jax
import jax.numpy as jnp
import numpy as np


def network(model, batch, length):
    """The model's forward function (see the module docstring), its input, its labels, the class count and the L2 weight."""
    import haiku as hk

    if model == "transformer":
        import transformer_lm
        positions = np.arange(batch * length, dtype=np.int32).reshape(batch, length)
        tokens = jnp.asarray(positions % transformer_lm.VOCABULARY)
        labels = jnp.asarray((positions + 1) % transformer_lm.VOCABULARY)
        return transformer_lm.forward, tokens, labels, transformer_lm.VOCABULARY, 0.0
    uniform = lambda *shape: jnp.asarray(np.random.default_rng(0).random(shape, dtype=np.float32))
    if model == "lstm":
        def forward(x):
            core = hk.LSTM(256)
            outputs, _ = hk.dynamic_unroll(core, x, core.initial_state(x.shape[1]))
            return hk.Linear(64)(outputs)
        labels = jnp.asarray(np.arange(length * batch, dtype=np.int32).reshape(length, batch) % 64)
        return forward, uniform(length, batch, 64), labels, 64, 0.0
    labels = jnp.asarray(np.arange(batch, dtype=np.int32) % 10)
    if model == "mlp":
        return (lambda x: hk.nets.MLP([300, 100, 10])(x)), uniform(batch, 784), labels, 10, 1e-4
    pool = lambda x: hk.max_pool(x, 2, 2, "VALID")
    return (lambda x: hk.Sequential([hk.Conv2D(32, 3), jax.nn.relu, pool, hk.Conv2D(64, 3), jax.nn.relu, pool,
                                     hk.Flatten(), hk.Linear(10)])(x)), uniform(batch, 28, 28, 1), labels, 10, 1e-4


def set_network_policy(model, text):
    """Sets the policy `text` names on the model's network (see the module docstring) and returns jmp's name of it."""
    import haiku as hk
    import jmp

    policy = jmp.get_policy(text)
    outermost = {"mlp": hk.nets.MLP, "cnn": hk.Sequential, "mobilenet": hk.nets.MobileNetV1,
                 "resnet18": hk.nets.ResNet18, "resnet50": hk.nets.ResNet50}
    hk.mixed_precision.set_policy(outermost[model], policy)
    if model in STATEFUL_NETWORKS:
        hk.mixed_precision.set_policy(hk.BatchNorm, jmp.Policy(jnp.float32, jnp.float32, policy.compute_dtype))
    return str(policy)


def train_step(model, batch, length):
    """The model's training step, its first arguments (params, Adam state, inputs, labels) and the init time."""
    import haiku as hk
    import optax

    function, x, y, classes, l2_weight = network(model, batch, length)
    forward = hk.without_apply_rng(hk.transform(function))
    optimizer = optax.adam(1e-3)

    def loss(params, x, y):
        logits = forward.apply(params, x)
        labels = jax.nn.one_hot(y, classes)
        cross_entropy = -jnp.mean(jnp.sum(labels * jax.nn.log_softmax(logits), axis=-1))
        if not l2_weight:
            return cross_entropy
        l2 = sum(0.5 * jnp.sum(p * p) for p in jax.tree.leaves(params))
        return cross_entropy + l2_weight * l2

    def step(params, opt_state, x, y):
        value, grads = jax.value_and_grad(loss)(params, x, y)
        updates, opt_state = optimizer.update(grads, opt_state, params)
        return optax.apply_updates(params, updates), opt_state, value

    start = time.perf_counter()
    params = jax.jit(forward.init)(jax.random.PRNGKey(42), x)
    jax.block_until_ready(params)
    init_ms = (time.perf_counter() - start) * 1e3
    opt_state = optimizer.init(params)
    return step, (params, opt_state, x, y), init_ms


# The image classifiers with batch-norm state: the network and the side of its square images.
STATEFUL_NETWORKS = {
    "mobilenet": (lambda hk: hk.nets.MobileNetV1(num_classes=10), 32),
    "resnet18": (lambda hk: hk.nets.ResNet18(10), 32),
    "resnet50": (lambda hk: hk.nets.ResNet50(10), 64),
}


def image_classifier_train_step(model, batch):
    """The training step of an image classifier with batch-norm state (see the module
    docstring), its first arguments ((params, state), Adam state, images, labels) and
    the init time."""
    import haiku as hk
    from stateful_step import stateful_train_step

    make_network, side = STATEFUL_NETWORKS[model]
    forward = hk.without_apply_rng(hk.transform_with_state(
        lambda x: make_network(hk)(x, is_training=True)))
    x = jnp.asarray(np.random.default_rng(0).random((batch, side, side, 3), dtype=np.float32))
    y = jnp.asarray(np.arange(batch, dtype=np.int32) % 10)

    def cross_entropy(logits, y):
        value = -jnp.mean(jnp.sum(jax.nn.one_hot(y, 10) * jax.nn.log_softmax(logits), axis=-1))
        return value, value

    return stateful_train_step(forward, cross_entropy, x, y)


def percentiles(samples):
    """The median, p10 and p90 of per-call times in milliseconds, as the JSON fields."""
    p10, median, p90 = np.percentile(samples, [10, 50, 90])
    return {"median_ms": median, "p10_ms": p10, "p90_ms": p90}


def measure(step, arguments, steps):
    jitted = jax.jit(step, donate_argnums=(0, 1))
    start = time.perf_counter()
    compiled = jitted.lower(*arguments).compile()
    compile_ms = (time.perf_counter() - start) * 1e3
    memory = compiled.memory_analysis()
    peak = None
    if memory is not None:
        peak = memory.argument_size_in_bytes + memory.output_size_in_bytes + memory.temp_size_in_bytes
    params, opt_state, *data = arguments
    # As `hkc bench mlp|cnn|lstm`: each timed step dispatches and waits for its loss, without reading it.
    start = time.perf_counter()
    params, opt_state, value = compiled(params, opt_state, *data)
    jax.block_until_ready(value)
    first_ms = (time.perf_counter() - start) * 1e3
    for _ in range(min(steps, 50)):
        params, opt_state, value = compiled(params, opt_state, *data)
    jax.block_until_ready(value)
    samples = []
    for _ in range(steps):
        start = time.perf_counter()
        params, opt_state, value = compiled(params, opt_state, *data)
        jax.block_until_ready(value)
        samples.append((time.perf_counter() - start) * 1e3)
    return {**percentiles(samples), "compile_ms": compile_ms, "first_call_ms": first_ms, "peak_memory_bytes": peak}


def ops_cases():
    import haiku as hk

    rng = np.random.default_rng(0)
    normal = lambda *shape: jnp.asarray(rng.standard_normal(shape, dtype=np.float32))
    relu_normal = lambda *shape: jax.nn.relu(normal(*shape))
    conv = lambda x, w: jax.lax.conv_general_dilated(x, w, (1, 1), "SAME", dimension_numbers=("NHWC", "HWIO", "NHWC"))
    return {
        "maxpool-2x2-stride2": (lambda x: hk.max_pool(x, 2, 2, "VALID"), [relu_normal(64, 28, 28, 64)]),
        "maxpool-3x3-stride2-same": (lambda x: hk.max_pool(x, 3, 2, "SAME"), [relu_normal(32, 16, 16, 64)]),
        "conv3x3-28x28": (conv, [normal(64, 28, 28, 32), 0.1 * normal(3, 3, 32, 64)]),
        "conv3x3-2x2": (conv, [normal(32, 2, 2, 256), 0.05 * normal(3, 3, 256, 256)]),
        "conv3x3-1x1": (conv, [normal(32, 1, 1, 512), 0.05 * normal(3, 3, 512, 512)]),
        "batchnorm-32x16x16x64": haiku_norm(lambda x: hk.BatchNorm(True, True, 0.9)(x, is_training=True),
                                            normal(32, 16, 16, 64)),
        "batchnorm-64x28x28x64": haiku_norm(lambda x: hk.BatchNorm(True, True, 0.9)(x, is_training=True),
                                            normal(64, 28, 28, 64)),
        "layernorm-8x128x256": haiku_norm(lambda x: hk.LayerNorm(-1, True, True)(x), normal(8, 128, 256)),
    }


def haiku_norm(forward, x):
    """A Haiku module as an ops case: (x, params, state) -> (y, new state), differentiated
    with respect to x and the parameters."""
    import haiku as hk

    f = hk.transform_with_state(forward)
    params, state = f.init(None, x)
    return (lambda x, params, state: f.apply(params, state, None, x)), [x, params, state], (0, 1)


def measure_op(layer, inputs, steps, argnums=None):
    def loss(*inputs):
        output = layer(*inputs)
        y, auxiliary = output if isinstance(output, tuple) else (output, None)
        return 0.5 * jnp.sum(y * y), auxiliary

    argnums = tuple(range(len(inputs))) if argnums is None else argnums
    jitted = jax.jit(jax.grad(loss, argnums=argnums, has_aux=True))
    start = time.perf_counter()
    compiled = jitted.lower(*inputs).compile()
    compile_ms = (time.perf_counter() - start) * 1e3
    for _ in range(5):
        jax.block_until_ready(compiled(*inputs))
    samples = []
    for _ in range(steps):
        start = time.perf_counter()
        jax.block_until_ready(compiled(*inputs))
        samples.append((time.perf_counter() - start) * 1e3)
    return {**percentiles(samples), "compile_ms": compile_ms}


def main_ops(arguments):
    for name, (layer, inputs, *argnums) in ops_cases().items():
        if arguments.cases and not any(part in name for part in arguments.cases.split(",")):
            continue
        result = {"implementation": "jax " + jax.__version__, "model": name,
                  **measure_op(layer, inputs, arguments.steps, *argnums)}
        if arguments.json:
            print(json.dumps(result))
        else:
            print(f"{result['implementation']} {name}: forward+backward median {result['median_ms']:.3f} ms "
                  f"(p10 {result['p10_ms']:.3f}, p90 {result['p90_ms']:.3f}), compile {result['compile_ms']:.1f} ms")


def tree_dispatch(steps):
    """Per-call times of the no-op jit of the MLP step's 21 leaves (see the module docstring), as percentiles."""
    import optax

    layer = lambda inputs, outputs: {"w": jnp.zeros((inputs, outputs), jnp.float32),
                                     "b": jnp.zeros((outputs,), jnp.float32)}
    params = {f"mlp/~/linear_{index}": layer(*sizes) for index, sizes in enumerate([(784, 300), (300, 100), (100, 10)])}
    state = optax.adam(1e-3).init(params)
    x = jnp.zeros((128, 784), jnp.float32)
    y = jnp.asarray(np.arange(128, dtype=np.int32) % 10)
    dispatch = jax.jit(lambda params, state, x, y: (params, state, jnp.sum(y)), donate_argnums=(0, 1))
    for _ in range(min(steps, 2000)):
        params, state, total = dispatch(params, state, x, y)
        total.block_until_ready()
    samples = []
    for _ in range(steps):
        start = time.perf_counter()
        params, state, total = dispatch(params, state, x, y)
        total.block_until_ready()
        samples.append((time.perf_counter() - start) * 1e3)
    return percentiles(samples)


def main_dispatch21(arguments):
    """Prints the dispatch21 measurement, as a line or as JSON."""
    result = {"implementation": "jax " + jax.__version__, "model": "dispatch21",
              **tree_dispatch(arguments.steps or 2000)}
    if arguments.json:
        print(json.dumps(result))
    else:
        print(f"{result['implementation']} dispatch21: call median {result['median_ms'] * 1e3:.1f} us "
              f"(p10 {result['p10_ms'] * 1e3:.1f}, p90 {result['p90_ms'] * 1e3:.1f})")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model", choices=["mlp", "cnn", "lstm", "transformer", *STATEFUL_NETWORKS, "vqvae", "ops", "dispatch21"])
    parser.add_argument("--batch", type=int,
                        help="examples per step (default 128; lstm, mobilenet, resnet18 and vqvae: 32; transformer and resnet50: 8)")
    parser.add_argument("--length", type=int, help="lstm, transformer: steps of each sequence (default 64; transformer: 128)")
    parser.add_argument("--steps", type=int)
    parser.add_argument("--cases", help="ops: only the cases whose names contain one of these (comma-separated)")
    parser.add_argument("--policy", help="mlp, cnn, mobilenet, resnet18, resnet50: a jmp policy for the network "
                                          "(e.g. p=f32,c=bf16,o=f32), batch norm kept in float32")
    parser.add_argument("--json", action="store_true")
    arguments = parser.parse_args()
    if arguments.policy and arguments.model not in ("mlp", "cnn", *STATEFUL_NETWORKS):
        parser.error(f"--policy is for mlp, cnn, mobilenet, resnet18 and resnet50, not {arguments.model}")
    if arguments.model == "ops":
        arguments.steps = arguments.steps or 30
        return main_ops(arguments)
    if arguments.model == "dispatch21":
        return main_dispatch21(arguments)
    sequences = arguments.model in ("lstm", "transformer")
    arguments.steps = arguments.steps or {"mlp": 500, "cnn": 100, "lstm": 20, "transformer": 20, "mobilenet": 20,
                                          "resnet18": 20, "resnet50": 10, "vqvae": 20}[arguments.model]
    arguments.batch = arguments.batch or {"lstm": 32, "transformer": 8, "mobilenet": 32, "resnet18": 32,
                                          "resnet50": 8, "vqvae": 32}.get(arguments.model, 128)
    arguments.length = arguments.length or (128 if arguments.model == "transformer" else 64)
    policy = {"policy": set_network_policy(arguments.model, arguments.policy)} if arguments.policy else {}
    if arguments.model in STATEFUL_NETWORKS:
        step, inputs, init_ms = image_classifier_train_step(arguments.model, arguments.batch)
    elif arguments.model == "vqvae":
        from vqvae_jax import vqvae_train_step
        step, inputs, init_ms = vqvae_train_step(arguments.batch)
    else:
        step, inputs, init_ms = train_step(arguments.model, arguments.batch, arguments.length)
    settings = {"batch": arguments.batch, **({"length": arguments.length} if sequences else {}), **policy}
    result = {"implementation": "jax " + jax.__version__, "model": arguments.model, **settings,
              "init_ms": init_ms, **measure(step, inputs, arguments.steps)}
    if arguments.json:
        print(json.dumps(result))
    else:
        naming = "".join(f" {name} {value}" for name, value in settings.items())
        print(f"{result['implementation']} {arguments.model}{naming}: step median "
              f"{result['median_ms']:.3f} ms (p10 {result['p10_ms']:.3f}, p90 {result['p90_ms']:.3f}), "
              f"compile {result['compile_ms']:.1f} ms, first call {result['first_call_ms']:.2f} ms, "
              f"init {init_ms:.1f} ms, peak memory {result['peak_memory_bytes']} B")


if __name__ == "__main__":
    main()

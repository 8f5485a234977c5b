import ArgumentParser
import XLARuntime

/// The option every benchmark shares: where to find JAX for a side-by-side run.
struct JAXBaselineOptions: ParsableArguments {
    @Option(help: "A python3 with jax installed, to measure JAX the same way in the same run.")
    var jaxPython: String?
}

/// Runs the same measurement in JAX, through a python3 that has jax.
enum JAXBaseline {
    /// Per-call samples and the pipelined per-call time of
    /// `jax.jit(lambda acc, one: acc + one)` on device-resident f32 scalars.
    static func dispatch(python: String, iterations: Int) throws -> (Samples, Double) {
        let lines = try run(python: python, script: """
        import time, jax, jax.numpy as jnp
        f = jax.jit(lambda acc, one: acc + one)
        acc = jax.device_put(jnp.float32(0)); one = jax.device_put(jnp.float32(1))
        for _ in range(\(min(iterations, 2000))): acc = f(acc, one).block_until_ready()
        samples = []
        for _ in range(\(iterations)):
            t = time.perf_counter(); acc = f(acc, one); acc.block_until_ready(); samples.append(time.perf_counter() - t)
        t = time.perf_counter()
        for _ in range(\(iterations)): acc = f(acc, one)
        acc.block_until_ready()
        print((time.perf_counter() - t) / \(iterations))
        print(' '.join(repr(s) for s in samples))
        """)
        return (Samples(lines[1]), lines[0][0])
    }

    /// Per-call samples of dispatching the MLP training step's 21 leaves
    /// through a program that does nothing with them:
    /// `jax.jit(lambda params, state, x, y: (params, state, jnp.sum(y)), donate_argnums=(0, 1))`,
    /// where `params` are the 784-300-100-10 MLP's 6 leaves in Haiku's layout
    /// (zeros), `state` is `optax.adam(1e-3).init(params)` (13 leaves: count,
    /// mu, nu; built with plain jax where optax is missing), `x` is
    /// f32[128, 784] and `y` int32[128]. Each call waits for `jnp.sum(y)`.
    static func treeDispatch(python: String, iterations: Int) throws -> Samples {
        let lines = try run(python: python, script: """
        import time, jax, jax.numpy as jnp
        layer = lambda i, o: {'w': jnp.zeros((i, o), jnp.float32), 'b': jnp.zeros((o,), jnp.float32)}
        params = {'mlp/~/linear_%d' % k: layer(i, o) for k, (i, o) in enumerate([(784, 300), (300, 100), (100, 10)])}
        try:
            import optax; state = optax.adam(1e-3).init(params)
        except ImportError:
            zeros = lambda: jax.tree_util.tree_map(jnp.zeros_like, params); state = (jnp.zeros((), jnp.int32), zeros(), zeros())
        x = jnp.zeros((128, 784), jnp.float32); y = jnp.arange(128, dtype=jnp.int32) % 10
        f = jax.jit(lambda params, state, x, y: (params, state, jnp.sum(y)), donate_argnums=(0, 1))
        for _ in range(\(min(iterations, 2000))): params, state, s = f(params, state, x, y); s.block_until_ready()
        samples = []
        for _ in range(\(iterations)):
            t = time.perf_counter(); params, state, s = f(params, state, x, y); s.block_until_ready(); samples.append(time.perf_counter() - t)
        print(' '.join(repr(s) for s in samples))
        """)
        return Samples(lines[0])
    }

    /// Runs a Python script that prints lines of space-separated numbers
    /// and returns them.
    static func run(python: String, script: String) throws -> [[Double]] {
        guard let output = Environment.output(ofCommand: "\(python) -c \"\(script)\" 2>/dev/null") else {
            throw ValidationError("\(python) could not run the JAX baseline; is jax installed there?")
        }
        let lines = output.split(separator: "\n").map { $0.split(separator: " ").compactMap { Double($0) } }
        guard !lines.isEmpty, lines.allSatisfy({ !$0.isEmpty }) else {
            throw ValidationError("unexpected output from the JAX baseline: \(output.prefix(200))")
        }
        return lines
    }

    /// `jax <version>` as reported by that python.
    static func label(python: String) -> String {
        let version = Environment.output(ofCommand: "\(python) -c 'import jax; print(jax.__version__)' 2>/dev/null")
        return "jax " + (version?.split(separator: "\n").first.map(String.init) ?? "?")
    }
}

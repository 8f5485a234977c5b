"""Where a training step's time goes, Swift against JAX, in one process.

Usage (in the JAX venv, after `swift build -c release --product hkc`):
    .build/release/hkc compile mobilenet --emit stablehlo > /tmp/mobilenet.mlir
    python Scripts/bench/profile_step.py mobilenet /tmp/mobilenet.mlir [rounds] [steps]
(models: mobilenet, resnet18, resnet50, lstm, transformer; defaults 4 rounds of 5 steps).
Several StableHLO files, comma-separated (`old.mlir,new.mlir`: the step before and after a
change), are timed side by side in the same rounds, which says more about a change on a
shared machine than two runs do. A file may carry XLA options for its own compile after `@`,
`NAME=VALUE` pairs joined by `+` (`|` for a comma inside a value), so one step can be timed
against itself under other options: `step.mlir,step.mlir@xla_cpu_prefer_vector_width=512`.

It compiles hkc's step (its StableHLO, on the XLA of jaxlib, the same XLA as the default
plugin `lammps-jax-pjrt-cpu` 0.11.2) and bench_jax.py's step of the same model, runs both
with the carried values fed back (as `hkc bench` and `Scripts/bench-jax` do), and prints:
timing rounds with the load before each, the sides in a rotating order (Swift first in odd
rounds when there is one file), each side's wall time and process CPU time per step (CPU
time counts only this process's threads, so other processes' load inflates it less than wall
time), and the medians of the per-round ratios to JAX (and to the first file); then, twice
per side with one file and once with several, jax.profiler's trace of a few steps, where XLA CPU records one event per
thunk, summed by what the thunk runs (convolutions by runtime: `[eigen]` an entry
convolution thunk, `[ynn]` a YNNPACK custom fusion, `[kLoop]` a convolution compiled into
a loop fusion; `depthwise` when feature_group_count > 1), and the 12 costliest thunks.
Thunk times are summed over XLA's worker threads, so they are CPU time, not wall time."""
import collections, glob, os, re, shutil, sys, tempfile, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np, jax, jax.extend
from jax._src.lib import xla_client as xc
from jax.profiler import ProfileData
import bench_jax
model, mlir = sys.argv[1], sys.argv[2]
rounds, steps = (int(sys.argv[3]), int(sys.argv[4])) if len(sys.argv) > 4 else (4, 5)
if model in ("lstm", "transformer"):
    step, args, _ = bench_jax.train_step(model, 32 if model == "lstm" else 8, 64 if model == "lstm" else 128)
else:
    step, args, _ = bench_jax.image_classifier_train_step(model, 8 if model == "resnet50" else 32)
jc = jax.jit(step, donate_argnums=(0, 1)).lower(*args).compile()
jstate = list(args)
def jrun(n):
    global jstate
    p, o, x, y = jstate
    for _ in range(n): p, o, v = jc(p, o, x, y)
    jax.block_until_ready(v); jstate = [p, o, x, y]
# Swift programs
backend = jax.extend.backend.get_backend()
dev = jax.devices()[0]
def make(t, rng):
    parts = t.split('x'); dt = parts[-1]; shape = [int(p) for p in parts[:-1]]
    if dt == 'f32': return jax.device_put(0.05 * rng.standard_normal(shape).astype(np.float32), dev)
    return jax.device_put((np.arange(int(np.prod(shape))) % 10).astype(np.int32).reshape(shape), dev)
def xla_option(pair):
    name, value = pair.split('=', 1)
    value = value.replace('|', ',')
    return name, (value == 'true') if value in ('true', 'false') else int(value) if value.isdigit() else value
def swift_program(spec):
    """The compiled program of one StableHLO file (`path[@NAME=VALUE+...]`) and a function that runs n steps of it."""
    path, _, options = spec.partition('@')
    text = open(path).read()
    compile_options = xc.CompileOptions()
    compile_options.env_option_overrides = [xla_option(p) for p in options.split('+') if p]
    exe = backend.compile_and_load(text, xc.DeviceList((dev,)), compile_options)
    sig = re.search(r'func.func public @main\((.*?)\) ->', text).group(1)
    rng = np.random.default_rng(0)
    state = [make(t, rng) for t in re.findall(r'tensor<([^>]*)>', sig)]
    state[-2] = jax.device_put(np.asarray(jstate[2]), dev); state[-1] = jax.device_put(np.asarray(jstate[3]), dev)
    carried = len(state) - 2
    def run(n):
        nonlocal state
        for _ in range(n):
            out = exe.execute(state)
            state = list(out[:carried]) + state[carried:]
        jax.block_until_ready(out[-1])
    return exe, run
paths = mlir.split(',')
names = ['swift'] if len(paths) == 1 else [f"{i + 1}:{os.path.basename(p)}" for i, p in enumerate(paths)]
programs = [swift_program(p) for p in paths]
sides = [(n, run) for n, (_, run) in zip(names, programs)] + [('jax', jrun)]
jrun(3)
for _, run in programs: run(3)
print("round load " + " ".join(f"{n}_ms {n}_cpu_ms" for n, _ in sides) + " " + " ".join(f"{n}/jax" for n in names))
times = collections.defaultdict(list)
for r in range(rounds):
    load = open('/proc/loadavg').read().split()[0]
    k = r % len(sides); order = sides[k:] + sides[:k]
    for n, f in order:
        w, c = time.perf_counter(), time.process_time(); f(steps)
        times[n].append(((time.perf_counter() - w) * 1e3 / steps, (time.process_time() - c) * 1e3 / steps))
    print(f"{r+1} {load} " + " ".join(f"{times[n][-1][0]:.1f} {times[n][-1][1]:.1f}" for n, _ in sides) + " "
          + " ".join(f"{times[n][-1][0] / times['jax'][-1][0]:.3f}" for n in names), flush=True)
def median_ratio(a, b, i):
    ratios = sorted(x[i] / y[i] for x, y in zip(times[a], times[b]))
    return f"{ratios[len(ratios) // 2]:.3f} ({ratios[0]:.3f} to {ratios[-1]:.3f})"
for a, b in [(n, 'jax') for n in names] + [(n, names[0]) for n in names[1:]]:
    print(f"median {a}/{b}: wall {median_ratio(a, b, 0)}, cpu {median_ratio(a, b, 1)}")

def entry_info(hlo):
    comps, cur, entry, kinds = {}, None, None, {}
    for line in hlo.splitlines():
        m = re.match(r'^(ENTRY )?%?([\w.\-]+) .*\{\s*$', line)
        if m: cur = m.group(2); comps[cur] = []; entry = cur if m.group(1) else entry; continue
        if cur: comps[cur].append(line)
    def body_class(name):
        body = "\n".join(comps.get(name, []))
        if ' convolution(' in body:
            g = re.search(r'feature_group_count=(\d+)', body)
            return 'conv depthwise' if g else 'conv'
        if ' dot(' in body: return 'dot'
        if re.search(r' reduce\(', body): return 'reduce'
        if ' transpose(' in body or ' copy(' in body: return 'transpose/copy'
        if ' concatenate(' in body or ' slice(' in body: return 'slice/concat'
        return 'elementwise'
    info = {}
    for line in comps[entry]:
        m = re.match(r'\s*(ROOT )?%?([\w.\-]+) = (.*?) (\w[\w\-]*)\(', line)
        if not m: continue
        name, shape, op = m.group(2), m.group(3), m.group(4)
        if op == 'fusion':
            callee = re.search(r'calls=%?([\w.\-]+)', line).group(1)
            kind = 'ynn' if '__ynn_fusion' in line else re.search(r'kind=(\w+)', line).group(1)
            info[name] = (body_class(callee) + ' [' + kind + ']', shape)
        elif op == 'convolution':
            g = re.search(r'feature_group_count=(\d+)', line)
            info[name] = (('conv depthwise' if g else 'conv') + ' [eigen]', shape)
        elif op == 'dot': info[name] = ('dot [entry]', shape)
        elif op in ('copy', 'transpose'): info[name] = ('transpose/copy', shape)
        elif op in ('parameter', 'constant', 'tuple', 'get-tuple-element', 'bitcast'): continue
        else: info[name] = (op, shape)
    return info

def profile(tag, run, hlo, n):
    d = tempfile.mkdtemp(prefix=f"profile_{tag}_")
    jax.profiler.start_trace(d); run(n); jax.profiler.stop_trace()
    f = sorted(glob.glob(d + "/**/*.xplane.pb", recursive=True))[-1]
    info = entry_info(hlo)
    by = collections.Counter(); count = collections.Counter(); per = collections.Counter(); wall = 0
    for plane in ProfileData.from_file(f).planes:
        for line in plane.lines:
            for e in line.events:
                if e.name in info:
                    c, s = info[e.name]; by[c] += e.duration_ns; count[c] += 1; per[(c, e.name, s[:60])] += e.duration_ns
    shutil.rmtree(d, ignore_errors=True)
    total = sum(by.values())
    print(f"-- {tag}: thunk time per step {total/n/1e6:.1f} ms (sum over both threads)")
    for c, v in by.most_common():
        print(f"   {c:32s} {v/n/1e6:8.2f} ms  {100*v/total:5.1f}%  ({count[c]//n} thunks)")
    print("   top thunks:")
    for (c, name, s), v in per.most_common(12):
        print(f"     {v/n/1e6:7.2f} ms {c:28s} {name} {s}")
    return by

jhlo = jc.as_text()
for k in range(2 if len(programs) == 1 else 1):
    for n, (exe, run) in zip(names, programs): profile(n, run, exe.hlo_modules()[0].to_string(), steps)
    profile("jax", jrun, jhlo, steps)

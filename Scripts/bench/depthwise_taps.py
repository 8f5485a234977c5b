"""Lever check in JAX alone: MobileNetV1's step with Haiku's depthwise convolutions
(feature_group_count = C) against the same step with each depthwise convolution written as
its 9 taps (strided slices of the padded input times the tap's weights, summed), whose
gradients JAX derives as pads and elementwise products. Alternating rounds, one process."""
import sys, time
sys.path.insert(0, "/work/wt-profile/Scripts/bench")
import jax, jax.numpy as jnp
from jax import lax
import haiku._src.depthwise_conv as dw
import bench_jax
original = lax.conv_general_dilated
def taps(lhs, rhs, window_strides, padding, lhs_dilation=None, rhs_dilation=None,
         dimension_numbers=None, feature_group_count=1, **kw):
    C = lhs.shape[-1]
    if feature_group_count != C or rhs.shape[2] != 1 or rhs.shape[3] != C:
        return original(lhs, rhs, window_strides, padding, lhs_dilation, rhs_dilation,
                        dimension_numbers, feature_group_count, **kw)
    kh, kw_ = rhs.shape[:2]; sh, sw = window_strides
    H, W = lhs.shape[1:3]
    pads = lax.padtype_to_pads((H, W), (kh, kw_), window_strides, padding) if isinstance(padding, str) else padding
    x = jnp.pad(lhs, ((0, 0), pads[0], pads[1], (0, 0)))
    oh = (x.shape[1] - kh) // sh + 1; ow = (x.shape[2] - kw_) // sw + 1
    out = 0
    for i in range(kh):
        for j in range(kw_):
            s = lax.slice(x, (0, i, j, 0), (x.shape[0], i + (oh - 1) * sh + 1, j + (ow - 1) * sw + 1, C), (1, sh, sw, 1))
            out = out + s * rhs[i, j, 0]
    return out
class Patched:
    def __getattr__(self, n): return taps if n == "conv_general_dilated" else getattr(lax, n)
def build(patched):
    dw.lax = Patched() if patched else lax
    step, args, _ = bench_jax.image_classifier_train_step("mobilenet", 32)
    c = jax.jit(step, donate_argnums=(0, 1)).lower(*args).compile()
    dw.lax = lax
    return c, list(args)
(cs, a_s), (ct, a_t) = build(False), build(True)
# Equality: one step from equal copies.
copy = lambda t: jax.tree_util.tree_map(lambda v: jnp.array(v, copy=True), t)
ps, os_, vs = cs(copy(a_s[0]), copy(a_s[1]), a_s[2], a_s[3])
pt, ot, vt = ct(copy(a_s[0]), copy(a_s[1]), a_s[2], a_s[3])
diff = max(float(jnp.max(jnp.abs(u - v))) for u, v in zip(jax.tree_util.tree_leaves(ps), jax.tree_util.tree_leaves(pt)))
print("loss", float(vs), float(vt), "max |param difference| after one step", diff)
state = {"conv": a_s, "taps": a_t}
comp = {"conv": cs, "taps": ct}
def run(k, n):
    p, o, x, y = state[k]
    for _ in range(n): p, o, v = comp[k](p, o, x, y)
    jax.block_until_ready(v); state[k] = [p, o, x, y]
run("conv", 2); run("taps", 2)
rounds, steps = (int(sys.argv[1]), int(sys.argv[2])) if len(sys.argv) > 2 else (4, 3)
print("round load depthwise_conv_ms depthwise_taps_ms taps/conv")
for r in range(rounds):
    load = open('/proc/loadavg').read().split()[0]; t = {}
    for k in (["conv", "taps"] if r % 2 == 0 else ["taps", "conv"]):
        s = time.perf_counter(); run(k, steps); t[k] = (time.perf_counter() - s) * 1e3 / steps
    print(f"{r+1} {load} {t['conv']:.1f} {t['taps']:.1f} {t['taps']/t['conv']:.3f}", flush=True)

"""Candidate lowerings of ResNet18's small convolutions, timed in JAX in one process.

Usage (in the JAX venv): python Scripts/bench/small_conv_forms.py [rounds] [calls]

Each case is one convolution of ResNet18's step (batch 32, 32x32 input) written several
ways with `jax.lax`; every form is checked against XLA's convolution, then the forms are
timed in alternating rounds (a rotating order), `calls` calls a round. It prints, per case
and form, the best and median process CPU time per call (all of XLA's threads; on a shared
machine CPU time is inflated less by other processes than wall time is), then the same for
wall time, with the load average.

Cases: `fwd4` the forward of a 3x3 SAME layer at 4x4 with 128 features; `dx4` its input
gradient (JAX's form: the reversed kernel, features swapped); `dw4` its kernel gradient;
`dw4s2` the kernel gradient of the stride-2 layer from 4x4 to 2x2, 128 -> 256; `dw2` the
kernel gradient of the 2x2 layer with 256 features. Forms: `conv` XLA's convolution;
`im2col` one slice per tap concatenated along features and one dot; `scattered` one dot
of the unpadded input with every tap's kernel and the products placed by `pad`;
`cotangent_taps` the kernel gradient with one slice of the transposed input per cotangent
position (the tap form over the cotangent, as hkc emits the 4x4 layers' kernel gradients);
`windows` the kernel gradient with one slice of the padded input per kernel position,
stacked, and one dot contracting batch and space (`[taps, N*H*W, C] x [N*H*W, O]`)."""
import sys, time
import numpy as np, jax, jax.numpy as jnp
from jax import lax

NHWC = ('NHWC', 'HWIO', 'NHWC')


def padded(x, pad):
    return jnp.pad(x, ((0, 0), pad, pad, (0, 0)))


# Forward and input gradient of a stride-1 SAME 3x3 layer: x [N, H, W, C], k [3, 3, C, O].
def fwd_conv(x, k):
    return lax.conv_general_dilated(x, k, (1, 1), 'SAME', dimension_numbers=NHWC)


def fwd_im2col(x, k):
    n, h, w, c = x.shape
    xp = padded(x, (1, 1))
    taps = jnp.concatenate([xp[:, i:i + h, j:j + w, :] for i in range(3) for j in range(3)], 3)
    return (taps.reshape(n * h * w, 9 * c) @ k.reshape(9 * c, -1)).reshape(n, h, w, -1)


def scattered(x, k_taps_c_o):
    """sum over taps t of x·k[t] placed at the outputs it feeds; k as [9, C, O]."""
    n, h, w, c = x.shape
    products = lax.dot_general(x.reshape(n * h * w, c), k_taps_c_o, (((1,), (1,)), ((), ()))).reshape(n, h, w, 9, -1)
    out = 0
    for t in range(9):
        i, j = divmod(t, 3)
        out = out + lax.pad(products[:, :, :, t, :], 0.0, ((0, 0, 0), (1 - i, i - 1, 0), (1 - j, j - 1, 0), (0, 0, 0)))
    return out


def fwd_scattered(x, k):
    return scattered(x, k.reshape(9, k.shape[2], k.shape[3]))


def dx_conv(g, k):
    return lax.conv_general_dilated(g, jnp.flip(k, (0, 1)), (1, 1), [(1, 1), (1, 1)],
                                    dimension_numbers=('NHWC', 'HWOI', 'NHWC'))


def dx_scattered(g, k):
    # conv(g, reverse(k)) with features swapped = scatter of g with each tap's [O, C] kernel, mirrored taps.
    return scattered(g, jnp.flip(k, (0, 1)).reshape(9, k.shape[2], k.shape[3]).transpose(0, 2, 1))


# Kernel gradient: x [N, H, W, C], g [N, Ho, Wo, O] -> [K, K, C, O] (static K, stride, padding).
def dw_conv(x, g, k, stride, pad):
    return lax.conv_general_dilated(x, g, (1, 1), [pad, pad], rhs_dilation=(stride, stride),
                                    dimension_numbers=('CHWN', 'IHWO', 'HWNC'))


def dw_cotangent_taps(x, g, k, stride, pad):
    n, _, _, c = x.shape
    _, ho, wo, o = g.shape
    xt = padded(jnp.transpose(x, (3, 1, 2, 0)), pad)  # [C, H, W, N]
    taps = [lax.slice(xt, (0, a * stride, b * stride, 0), (c, a * stride + k, b * stride + k, n))
            for a in range(ho) for b in range(wo)]
    matrix = jnp.concatenate(taps, 3).reshape(c * k * k, ho * wo * n)
    kernel = jnp.transpose(g, (1, 2, 0, 3)).reshape(ho * wo * n, o)
    return jnp.transpose((matrix @ kernel).reshape(c, k, k, o), (1, 2, 0, 3))


def dw_windows(x, g, k, stride, pad):
    n, _, _, c = x.shape
    _, ho, wo, o = g.shape
    xp = padded(x, pad)
    windows = [lax.slice(xp, (0, i, j, 0), (n, i + (ho - 1) * stride + 1, j + (wo - 1) * stride + 1, c),
                         (1, stride, stride, 1)).reshape(1, n * ho * wo, c) for i in range(k) for j in range(k)]
    stacked = jnp.concatenate(windows, 0)
    return lax.dot_general(stacked, g.reshape(n * ho * wo, o), (((1,), (0,)), ((), ()))).reshape(k, k, c, o)


def kernel_gradient_case(x_shape, o, k, stride, pad):
    n, h, _, c = x_shape
    ho = (h + sum(pad) - k) // stride + 1
    forms = dict(conv=dw_conv, cotangent_taps=dw_cotangent_taps, windows=dw_windows)
    return [x_shape, (n, ho, ho, o)], {name: (lambda x, g, f=f: f(x, g, k, stride, pad)) for name, f in forms.items()}


CASES = {
    'fwd4': ([(32, 4, 4, 128), (3, 3, 128, 128)], dict(conv=fwd_conv, im2col=fwd_im2col, scattered=fwd_scattered)),
    'dx4': ([(32, 4, 4, 128), (3, 3, 128, 128)], dict(conv=dx_conv, scattered=dx_scattered)),
    'dw4': kernel_gradient_case((32, 4, 4, 128), 128, 3, 1, (1, 1)),
    'dw4s2': kernel_gradient_case((32, 4, 4, 128), 256, 3, 2, (0, 1)),
    'dw2': kernel_gradient_case((32, 2, 2, 256), 256, 3, 1, (1, 1)),
}


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 12
    calls = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    rng = np.random.default_rng(0)
    for name, (shapes, forms) in CASES.items():
        operands = [jnp.asarray(rng.standard_normal(s, dtype=np.float32)) for s in shapes]
        jitted = {form: jax.jit(f) for form, f in forms.items()}
        reference = np.asarray(jitted['conv'](*operands))
        for form, f in jitted.items():
            error = np.abs(np.asarray(f(*operands)) - reference).max() / np.abs(reference).max()
            assert error < 1e-5, (name, form, error)
        cpu, wall = ({form: [] for form in jitted} for _ in range(2))
        for r in range(rounds):
            items = list(jitted.items())
            for form, f in items[r % len(items):] + items[:r % len(items)]:
                c, w = time.process_time(), time.perf_counter()
                for _ in range(calls):
                    out = f(*operands)
                out.block_until_ready()
                cpu[form].append((time.process_time() - c) * 1e3 / calls)
                wall[form].append((time.perf_counter() - w) * 1e3 / calls)
        load = open('/proc/loadavg').read().split()[0]
        for label, times in (('cpu', cpu), ('wall', wall)):
            print(f"{name} load {load} {label} ms best/median: "
                  + "  ".join(f"{form} {min(v):.2f}/{np.median(v):.2f}" for form, v in times.items()), flush=True)


if __name__ == '__main__':
    main()

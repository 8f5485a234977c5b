import Haiku

/// Creation from host data and ranges: counts, huge sizes, NaN bounds, literals.
let creationProbes: [Probe] = [
    Probe("creation/values-count-mismatch", expect: .error) { try read(Tensor([1.0, 2, 3], shape: [2, 2])) },
    Probe("creation/ragged-rows", expect: .error) { try read(Tensor([[1.0, 2], [3]])) },
    Probe("creation/zeros-2^40-allocation", expect: .error) { try read(Tensor.zeros([1 << 40]) + 1) },
    Probe("creation/scalars-of-failed-computation", expect: .error) {
        let failed = Tensor.zeros([1 << 40]) * 2
        _ = try? failed.blockUntilReady()
        _ = try failed.sum().scalars(as: Float.self)
    },
    Probe("creation/iota-2^37", expect: .error) { try read(Tensor.arange(1 << 37).sum()) },
    Probe("creation/arange-negative", expect: .value) { try read(Tensor.arange(-5)) },
    Probe("creation/arange-step-zero", expect: .error) { try read(Tensor.arange(0, 10, step: 0)) },
    Probe("creation/arange-NaN", expect: .error) { try read(Tensor.arange(0, .nan)) },
    Probe("creation/arange-infinite", expect: .error) { try read(Tensor.arange(0, .infinity)) },
    Probe("creation/arange-step-tiny", expect: .error) { try read(Tensor.arange(0, 1e30, step: 1e-30)) },
    Probe("creation/linspace-negative-count", expect: .error) { try read(Tensor.linspace(0, 1, count: -1)) },
    Probe("creation/linspace-NaN", expect: .value) { try read(Tensor.linspace(0, .nan, count: 3)) },
    Probe("creation/eye-negative", expect: .error) { try read(Tensor.eye(-3)) },
    Probe("creation/eye-columns-negative", expect: .error) { try read(Tensor.eye(3, -1)) },
    Probe("creation/eye-2^32x2^32", expect: .error) { try read(Tensor.eye(1 << 32, 1 << 32)) },
    Probe("creation/eye-k-Int.min", expect: .value) { try read(Tensor.eye(3, k: Int.min)) },
    Probe("creation/int-literal-5e9-x64-off", expect: .error) {
        let big: Tensor = 5_000_000_000
        try read(big + Tensor([1, 2]))
    },
    Probe("creation/int-5e9-x64-off", expect: .error) { try read(Tensor(5_000_000_000)) },
    Probe("creation/nan-arithmetic", expect: .value) { try read(Tensor([Double.nan, 1]) * 0 + sqrt(Tensor([-1.0, 4]))) },
    Probe("creation/integer-division-by-zero", expect: .value) { try read(Tensor([1, 2]) / Tensor([0, 0])) },
    Probe("creation/one-hot-negative-count", expect: .error) { try read(oneHot(Tensor([0, 1]), count: -1)) },
    Probe("creation/one-hot-huge-count", expect: .error) { try read(oneHot(Tensor([0, 1]), count: 1 << 40)) },
]

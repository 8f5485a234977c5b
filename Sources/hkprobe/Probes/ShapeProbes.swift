import Haiku

/// Shapes whose element or byte counts overflow, negative dimensions, reshapes and broadcasts.
let shapeProbes: [Probe] = [
    Probe("shapes/zeros-2^32x2^32", expect: .error) { try read(Tensor.zeros([1 << 32, 1 << 32])) },
    Probe("shapes/zeros-negative-dimension", expect: .error) { try read(Tensor.zeros([-1, 3])) },
    Probe("shapes/ones-Int.max", expect: .error) { try read(Tensor.ones([Int.max])) },
    Probe("shapes/rank-100000", expect: .error) { try read(Tensor.ones(Array(repeating: 1, count: 100_000))) },
    Probe("shapes/reshaped-rank-65", expect: .error) { try read(Tensor([1.0]).reshaped(Array(repeating: 1, count: 65))) },
    Probe("shapes/reshaped-Int.max-2", expect: .error) { try read(Tensor([1.0, 2, 3, 4]).reshaped([Int.max, 2])) },
    Probe("shapes/reshaped-negative", expect: .error) { try read(Tensor([1.0, 2, 3, 4]).reshaped([-2, -2])) },
    Probe("shapes/reshaped-wrong-count", expect: .error) { try read(Tensor([1.0, 2, 3]).reshaped([2, 2])) },
    Probe("shapes/broadcast-2^31x2^31", expect: .error) { try read(Tensor(1.0).broadcast(to: [1 << 31, 1 << 31])) },
    Probe("shapes/broadcast-negative", expect: .error) { try read(Tensor([1.0, 2]).broadcast(to: [-1, 2])) },
    Probe("shapes/broadcast-mismatched", expect: .error) { try read(Tensor([1.0, 2, 3]).broadcast(to: [2, 2])) },
    Probe("shapes/add-mismatched", expect: .error) { try read(Tensor([1.0, 2, 3]) + Tensor([1.0, 2])) },
    Probe("shapes/transposed-bad-permutation", expect: .error) {
        try read(Tensor([[1.0, 2], [3, 4]]).transposed([0, 0]))
    },
    Probe("shapes/squeezed-non-unit-axis", expect: .error) { try read(Tensor([1.0, 2]).squeezed(axes: [0, 0])) },
    Probe("shapes/expanding-axis-Int.min", expect: .error) { try read(Tensor([1.0]).expandingDimensions(axis: Int.min)) },
    Probe("shapes/concatenate-none", expect: .error) { try read(concatenate([])) },
    Probe("shapes/concatenate-mismatched", expect: .error) {
        try read(concatenate([Tensor([[1.0, 2]]), Tensor([[1.0, 2, 3]])], axis: 0))
    },
    Probe("shapes/stack-axis-Int.max", expect: .error) { try read(stack([Tensor([1.0]), Tensor([2.0])], axis: Int.max)) },
    Probe("shapes/split-zero-sections", expect: .error) {
        for part in Tensor([1.0, 2, 3, 4]).split(0) { try read(part) }
    },
    Probe("shapes/split-uneven", expect: .error) {
        for part in Tensor([1.0, 2, 3]).split(2) { try read(part) }
    },
    Probe("shapes/reversed-axis-out-of-range", expect: .error) { try read(Tensor([1.0, 2]).reversed(axes: [5])) },
    Probe("shapes/jit-result-of-2^64-bytes", expect: .error) {
        let f = jit { (x: Tensor) in x.broadcast(to: [1 << 20, 1 << 20, 1 << 20]) }
        try read(f(Tensor(1.0)))
    },
    Probe("shapes/empty-reshape-ok", expect: .value) { try read(Tensor.zeros([0, 3]).reshaped([3, 0])) },
]

import Haiku

/// Windowed reductions, pooling, cumulative reductions and sorting.
let windowProbes: [Probe] = [
    Probe("windows/max-pool-window-zero", expect: .error) {
        try read(maxPool(Tensor.ones([1, 4, 1]), windowShape: 0, strides: 1, padding: .valid))
    },
    Probe("windows/max-pool-stride-negative", expect: .error) {
        try read(maxPool(Tensor.ones([1, 4, 1]), windowShape: 2, strides: -1, padding: .valid))
    },
    Probe("windows/avg-pool-window-Int.max-same", expect: .error) {
        try read(avgPool(Tensor.ones([1, 4, 1]), windowShape: [1, Int.max, 1], strides: 1, padding: .same))
    },
    Probe("windows/max-pool-padding-Int.max", expect: .error) {
        try read(maxPool(Tensor.ones([1, 4, 1]), windowShape: 2, strides: 1,
                         padding: .explicit([.init(0, 0), .init(Int.max, 0), .init(0, 0)])))
    },
    Probe("windows/cumsum-axis-out-of-range", expect: .error) { try read(cumsum(Tensor([1.0, 2]), axis: 4)) },
    Probe("windows/cumsum-NaN", expect: .value) { try read(cumsum(Tensor([1.0, .nan, 2]))) },
    Probe("windows/sort-axis-out-of-range", expect: .error) { try read(sort(Tensor([2.0, 1]), axis: 9)) },
    Probe("windows/sort-NaN", expect: .value) { try read(sort(Tensor([2.0, .nan, 1]))) },
    Probe("windows/top-k-negative", expect: .error) { try read(topK(Tensor([2.0, 1]), k: -1).values) },
    Probe("windows/top-k-larger-than-axis", expect: .error) { try read(topK(Tensor([2.0, 1]), k: 3).values) },
]

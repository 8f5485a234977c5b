import Haiku

/// Basic and advanced indexing, takes and index updates out of range.
let indexingProbes: [Probe] = [
    Probe("indexing/at-out-of-range", expect: .error) { try read(Tensor([1.0, 2])[.at(5)]) },
    Probe("indexing/at-Int.min", expect: .error) { try read(Tensor([1.0, 2])[.at(Int.min)]) },
    Probe("indexing/too-many-indices", expect: .error) { try read(Tensor([1.0, 2])[.at(0), .at(0)]) },
    Probe("indexing/slice-step-zero", expect: .error) { try read(Tensor([1.0, 2])[.slice(start: nil, stop: nil, step: 0)]) },
    Probe("indexing/slice-step-Int.min", expect: .value) {
        try read(Tensor([1.0, 2, 3])[.slice(start: nil, stop: nil, step: Int.min)])
    },
    Probe("indexing/slice-extreme-bounds", expect: .value) {
        try read(Tensor([1.0, 2, 3])[.slice(start: Int.min, stop: Int.max, step: 1)])
    },
    Probe("indexing/range-out-of-bounds", expect: .value) { try read(Tensor([1.0, 2, 3])[1..<100]) },
    Probe("indexing/two-ellipses", expect: .error) { try read(Tensor([[1.0]])[.ellipsis, .ellipsis]) },
    Probe("indexing/float-index-array", expect: .error) { try read(Tensor([1.0, 2])[.array(Tensor([0.5]))]) },
    Probe("indexing/index-array-out-of-range", expect: .value) { try read(Tensor([1.0, 2])[Tensor([7, -9])]) },
    Probe("indexing/take-axis-out-of-range", expect: .error) { try read(take(Tensor([1.0, 2]), Tensor([0]), axis: 3)) },
    Probe("indexing/take-along-axis-mismatched", expect: .error) {
        try read(takeAlongAxis(Tensor([[1.0, 2]]), Tensor([0, 1]), axis: 0))
    },
    Probe("indexing/set-mismatched-value", expect: .error) {
        try read(Tensor([1.0, 2, 3]).at[.slice(start: 0, stop: 2, step: 1)].set(Tensor([1.0, 2, 3])))
    },
    Probe("indexing/add-out-of-range-dropped", expect: .value) { try read(Tensor([1.0, 2]).at[.at(1)].add(Tensor(5.0))) },
    Probe("indexing/get-fill-NaN", expect: .value) {
        try read(Tensor([1.0, 2]).at[Tensor([5])].get(mode: .fill, fillValue: .nan))
    },
]

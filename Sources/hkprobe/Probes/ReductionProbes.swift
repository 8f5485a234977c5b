import Haiku

/// Reductions over bad axes and of empty or NaN data.
let reductionProbes: [Probe] = [
    Probe("reductions/sum-axis-out-of-range", expect: .error) { try read(Tensor([1.0, 2]).sum(axes: [3])) },
    Probe("reductions/sum-axis-repeated", expect: .error) { try read(Tensor([[1.0, 2]]).sum(axes: [0, -2])) },
    Probe("reductions/sum-axis-Int.min", expect: .error) { try read(Tensor([1.0, 2]).sum(axes: [Int.min])) },
    Probe("reductions/mean-empty", expect: .value) { try read(Tensor.zeros([0]).mean()) },
    Probe("reductions/max-empty", expect: .error) { try read(Tensor.zeros([0]).max()) },
    Probe("reductions/argmax-empty", expect: .error) { try read(Tensor.zeros([0]).argmax(axis: 0)) },
    Probe("reductions/argmax-axis-out-of-range", expect: .error) { try read(Tensor([1.0]).argmax(axis: 2)) },
    Probe("reductions/variance-NaN", expect: .value) { try read(Tensor([1.0, .nan]).variance()) },
    Probe("reductions/softmax-axis-out-of-range", expect: .error) { try read(softmax(Tensor([1.0, 2]), axis: 5)) },
]

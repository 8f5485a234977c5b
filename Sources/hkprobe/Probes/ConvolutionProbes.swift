import Haiku

/// Convolutions with extreme padding, dilation, strides and groups.
let convolutionProbes: [Probe] = [
    Probe("convolution/explicit-padding-Int.max-2", expect: .error) {
        try read(convGeneralDilated(Tensor.ones([1, 1, 4]), Tensor.ones([1, 1, 2]), windowStrides: [1],
                                    padding: .explicit([.init(Int.max - 2, 0)])))
    },
    Probe("convolution/explicit-padding-Int.min", expect: .error) {
        try read(convGeneralDilated(Tensor.ones([1, 1, 4]), Tensor.ones([1, 1, 2]), windowStrides: [1],
                                    padding: .explicit([.init(Int.min, Int.min)])))
    },
    Probe("convolution/rhs-dilation-Int.max", expect: .error) {
        try read(convGeneralDilated(Tensor.ones([1, 1, 4]), Tensor.ones([1, 1, 2]), windowStrides: [1],
                                    padding: .valid, rhsDilation: [Int.max]))
    },
    Probe("convolution/lhs-dilation-Int.max", expect: .error) {
        try read(convGeneralDilated(Tensor.ones([1, 1, 4]), Tensor.ones([1, 1, 2]), windowStrides: [1],
                                    padding: .explicit([.init(0, 0)]), lhsDilation: [Int.max]))
    },
    Probe("convolution/stride-zero", expect: .error) {
        try read(convGeneralDilated(Tensor.ones([1, 1, 4]), Tensor.ones([1, 1, 2]), windowStrides: [0], padding: .valid))
    },
    Probe("convolution/stride-Int.max-same", expect: .value) {
        try read(convGeneralDilated(Tensor.ones([1, 1, 4]), Tensor.ones([1, 1, 2]), windowStrides: [Int.max], padding: .same))
    },
    Probe("convolution/feature-groups-zero", expect: .error) {
        try read(convGeneralDilated(Tensor.ones([1, 2, 4]), Tensor.ones([2, 1, 2]), windowStrides: [1], padding: .valid,
                                    featureGroupCount: 0))
    },
    Probe("convolution/kernel-larger-than-input", expect: .value) {
        try read(convGeneralDilated(Tensor.ones([1, 1, 2]), Tensor.ones([1, 1, 5]), windowStrides: [1], padding: .valid))
    },
    Probe("convolution/transpose-rhs-dilation-Int.max", expect: .error) {
        try read(convTranspose(Tensor.ones([1, 4, 1]), Tensor.ones([2, 1, 1]), strides: [1], padding: .same,
                               rhsDilation: [Int.max]))
    },
    Probe("convolution/transpose-stride-huge", expect: .error) {
        try read(convTranspose(Tensor.ones([1, 4, 1]), Tensor.ones([2, 1, 1]), strides: [1 << 62], padding: .valid))
    },
]

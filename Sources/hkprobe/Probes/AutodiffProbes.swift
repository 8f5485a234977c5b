import Haiku

/// Derivatives of functions of integers, of non-scalars and through NaN.
let autodiffProbes: [Probe] = [
    Probe("autodiff/grad-of-integer-input", expect: .error) { try read(grad { (x: Tensor) in x.sum() }(Tensor([1, 2]))) },
    Probe("autodiff/grad-of-non-scalar-output", expect: .error) { try read(grad { (x: Tensor) in x * 2 }(Tensor([1.0, 2]))) },
    Probe("autodiff/grad-of-integer-output", expect: .error) {
        try read(grad { (x: Tensor) in x.converted(to: .int32).sum() }(Tensor([1.0, 2])))
    },
    Probe("autodiff/grad-of-poisoned", expect: .error) {
        try read(grad { (x: Tensor) in (x + Tensor([1.0, 2, 3])).sum() }(Tensor([1.0, 2])))
    },
    Probe("autodiff/grad-through-sqrt-of-zero", expect: .value) { try read(grad { (x: Tensor) in sqrt(x).sum() }(Tensor([0.0]))) },
    Probe("autodiff/jvp-mismatched-tangent", expect: .error) {
        try read(jvp({ (x: Tensor) in x * 2 }, Tensor([1.0, 2]), Tensor([1.0, 2, 3])).tangent)
    },
    Probe("autodiff/jvp-integer-tangent", expect: .error) {
        try read(jvp({ (x: Tensor) in x * 2 }, Tensor([1.0, 2]), Tensor([1, 2])).tangent)
    },
]

import Haiku

/// Matrix products, einsum and factorizations with mismatched or degenerate operands.
let linalgProbes: [Probe] = [
    Probe("linalg/matmul-mismatched", expect: .error) { try read(matmul(Tensor([[1.0, 2]]), Tensor([[1.0, 2]]))) },
    Probe("linalg/matmul-scalar", expect: .error) { try read(matmul(Tensor(1.0), Tensor([1.0]))) },
    Probe("linalg/matmul-dtype-mismatch", expect: .value) { try read(matmul(Tensor([[1.0]]), Tensor([[1]]))) },
    Probe("linalg/einsum-empty-subscripts", expect: .error) { try read(einsum("", Tensor([1.0]))) },
    Probe("linalg/einsum-garbage", expect: .error) { try read(einsum("ij,->>k", Tensor([[1.0]]))) },
    Probe("linalg/einsum-too-few-operands", expect: .error) { try read(einsum("ij,jk->ik", Tensor([[1.0]]))) },
    Probe("linalg/einsum-mismatched-sizes", expect: .error) {
        try read(einsum("ij,jk->ik", Tensor([[1.0, 2]]), Tensor.ones([3, 3])))
    },
    Probe("linalg/einsum-repeated-output-label", expect: .error) { try read(einsum("ij->ii", Tensor([[1.0]]))) },
    Probe("linalg/einsum-unknown-output-label", expect: .error) { try read(einsum("ij->k", Tensor([[1.0]]))) },
    Probe("linalg/einsum-non-ascii", expect: .error) { try read(einsum("éj->j", Tensor([[1.0]]))) },
    Probe("linalg/einsum-rank-mismatch", expect: .error) { try read(einsum("ijk->i", Tensor([[1.0]]))) },
    Probe("linalg/einsum-many-ellipses", expect: .error) { try read(einsum("......->", Tensor([[1.0]]))) },
    Probe("linalg/cholesky-non-square", expect: .error) { try read(cholesky(Tensor([[1.0, 2]]))) },
    Probe("linalg/cholesky-not-positive-definite", expect: .value) { try read(cholesky(Tensor([[-1.0, 0], [0, -1]]))) },
    Probe("linalg/cholesky-NaN", expect: .value) { try read(cholesky(Tensor([[Double.nan]]))) },
    Probe("linalg/qr-empty", expect: .value) { try read(qr(Tensor.zeros([0, 3])).r) },
    Probe("linalg/triangular-solve-singular", expect: .value) {
        try read(triangularSolve(Tensor([[0.0, 0], [0, 0]]), Tensor([[1.0, 1], [1, 1]]), leftSide: true, lower: true))
    },
    Probe("linalg/triangular-solve-mismatched", expect: .error) {
        try read(triangularSolve(Tensor([[1.0, 0], [0, 1]]), Tensor([[1.0, 1, 1]]), leftSide: true, lower: true))
    },
]

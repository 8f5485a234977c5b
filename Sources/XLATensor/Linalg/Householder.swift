import XLAIR

/// A QR factorization as LAPACK's `geqrf` computes it: Householder
/// reflections `H_j = I - τ_j v_j v_jᵀ`, one per column `j < k = min(m, n)`,
/// with `H_{k-1} ⋯ H_0 a = R`.
///
/// Each step is one trip of a loop over whole matrices (the column, the
/// rows below the diagonal and the trailing columns picked by `iota`
/// masks), so leading batch axes, `vmap` and differentiation come for free.
/// The signs are LAPACK's (`dlarfg`): `β = -sign(α)·‖(α, x)‖` with
/// `sign(0) = +`, and no reflection (`τ = 0`, `R_jj = α`) when the part
/// below the diagonal is zero, so `R`'s diagonal matches JAX's.
struct Householder: TensorTree {
    /// `R` in the upper triangle (trapezoid), zeros below: `[..., m, n]`.
    var r: Tensor
    /// Column `j` holds `v_j`: zeros above row `j`, one at row `j`: `[..., m, k]`.
    var vectors: Tensor
    /// `τ_j`, `[..., k]`.
    var taus: Tensor

    func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> Householder {
        Householder(r: try transform(r), vectors: try transform(vectors), taus: try transform(taus))
    }

    private init(r: Tensor, vectors: Tensor, taus: Tensor) {
        (self.r, self.vectors, self.taus) = (r, vectors, taus)
    }

    /// Factors `a`, a batch of float matrices `[..., m, n]`.
    init(factoring a: Tensor) {
        let batch = Array(a.shape.dropLast(2))
        let (m, n) = (a.shape[a.rank - 2], a.shape[a.rank - 1])
        let k = Swift.min(m, n)
        let (rows, columns, steps) = (Tensor.arange(m), Tensor.arange(n), Tensor.arange(k))
        let start = Householder(r: a, vectors: Tensor.zeros(batch + [m, k], dtype: a.dtype),
                                taus: Tensor.zeros(batch + [k], dtype: a.dtype))
        self = forLoop(0, k, start) { j, state in
            let column = select(columns .== j, state.r, 0).sum(axes: [-1])
            let alpha = select(rows .== j, column, 0).sum(axes: [-1], keepDims: true)
            let below = select(rows .> j, column, 0)
            let belowSquared = (below * below).sum(axes: [-1], keepDims: true)
            let reflects = belowSquared .> 0
            // Safe where nothing is reflected, so that gradients stay finite there.
            let norm = sqrt(select(reflects, alpha * alpha + belowSquared, 1))
            let beta = select(alpha .>= 0, -norm, norm)
            let tau = select(reflects, (beta - alpha) / beta, 0)
            let v = select(rows .== j, 1, below / select(reflects, alpha - beta, 1))
            // H_j applied to the columns right of j; column j becomes (…, R_jj, 0, …).
            let reflected = state.r - (tau * v).expandingDimensions(axis: -1) * matmul(v.expandingDimensions(axis: -2), state.r)
            let pivot = select(rows .== j, select(reflects, beta, alpha), select(rows .> j, 0, column))
            let r = select(columns .> j, reflected, select(columns .== j, pivot.expandingDimensions(axis: -1), state.r))
            return Householder(r: r, vectors: select(steps .== j, v.expandingDimensions(axis: -1), state.vectors),
                               taus: select(steps .== j, tau, state.taus))
        }
    }

    /// The first `count` columns of `Q = H_0 ⋯ H_{k-1}` (LAPACK's `orgqr`),
    /// `[..., m, count]`: the reflections applied, last first, to the
    /// identity's columns.
    func q(columns count: Int) -> Tensor {
        let (m, k) = (vectors.shape[vectors.rank - 2], vectors.shape[vectors.rank - 1])
        let steps = Tensor.arange(k)
        let identity = Tensor.eye(m, count, dtype: r.dtype).broadcast(to: Array(r.shape.dropLast(2)) + [m, count])
        return forLoop(0, k, identity) { i, q in
            let j = Tensor(Int32(k - 1)) - i
            let v = select(steps .== j, vectors, 0).sum(axes: [-1])
            let tau = select(steps .== j, taus, 0).sum(axes: [-1], keepDims: true)
            return q - (tau * v).expandingDimensions(axis: -1) * matmul(v.expandingDimensions(axis: -2), q)
        }
    }
}

import XLATensor

/// Scales all updates down together when their global norm (the L2 norm
/// of every leaf at once) exceeds `maxNorm` (`optax.clip_by_global_norm`).
public struct ClipByGlobalNorm: GradientTransformation {
    /// The largest global norm let through.
    public let maxNorm: Double

    /// No state.
    public func initialize<Params: TensorTree>(_ params: Params) -> EmptyState { EmptyState() }

    /// `updates` unchanged below `maxNorm`, else `(updates / norm) * maxNorm`.
    public func update<Params: TensorTree>(_ updates: Params, state: EmptyState, params: Params?)
        -> (updates: Params, state: EmptyState) {
        let norm = globalNorm(updates)
        let withinBound = norm .< weak(maxNorm)
        return (updates.mapTensors { select(withinBound, $0, ($0 / norm.converted(to: $0.dtype)) * maxNorm) }, state)
    }
}

/// Clips updates to a global norm of `maxNorm` (`optax.clip_by_global_norm`).
///
/// ```swift
/// let optimizer = chain(clipByGlobalNorm(1), adam(learningRate: 1e-3))
/// ```
public func clipByGlobalNorm(_ maxNorm: Double) -> ClipByGlobalNorm {
    ClipByGlobalNorm(maxNorm: maxNorm)
}

/// The L2 norm of all of `tree`'s elements together (`optax.tree.norm`):
/// the square root of the per-leaf sums of squares added in leaf order.
public func globalNorm<Tree: TensorTree>(_ tree: Tree) -> Tensor {
    let sums = tree.leaves.map { ($0 * $0).sum() }
    return sqrt(sums.dropFirst().reduce(sums.first ?? weak(0)) { $0 + $1 })
}

import XLAIR

/// What rematerialization keeps from the forward pass for the backward pass
/// (`jax.checkpoint_policies`).
public enum RematPolicy: Sendable {
    /// Keep only the inputs; recompute everything else in the backward pass
    /// (`nothing_saveable`, the default of `jax.checkpoint`).
    case saveNothing
    /// Keep everything: no recomputation (`everything_saveable`).
    case saveEverything
}

/// `function`, differentiated by recomputing its forward pass in the
/// backward pass instead of keeping its intermediates (`jax.checkpoint`,
/// `jax.remat`): less memory for more compute.
///
/// The recomputation reads its inputs through an `optimization_barrier`, as
/// JAX does, so neither XLA nor this library's CSE merges it back into the
/// forward pass.
public func remat<Input: TensorTree, Output: TensorTree>(
    _ function: @escaping (Input) -> Output, policy: RematPolicy = .saveNothing,
    file: String = #fileID, line: Int = #line
) -> (Input) -> Output {
    switch policy {
    case .saveEverything:
        return function
    case .saveNothing:
        return customVJP(forward: { (input: Input) in (function(input), input) }, backward: { input, cotangent in
            vjp(function, optimizationBarrier(input), file: file, line: line).pullback(cotangent)
        }, file: file, line: line)
    }
}

/// `tree` unchanged, behind a barrier XLA does not move computation across
/// (`lax.optimization_barrier`).
public func optimizationBarrier<T: TensorTree>(_ tree: T) -> T {
    let leaves = tree.leaves
    guard !leaves.isEmpty else { return tree }
    let results = Tensor.apply(.optimizationBarrier, leaves, fallback: leaves.map(\.type))
    return tree.replacingLeaves(with: zip(results, leaves).map { $0.weak($1.isWeak) })
}

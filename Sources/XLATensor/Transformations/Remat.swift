import XLAIR

/// What rematerialization keeps from the forward pass for the backward pass
/// (`jax.checkpoint_policies`).
public enum RematPolicy: Sendable {
    /// Keep only the inputs; recompute everything else in the backward pass
    /// (`nothing_saveable`, the default of `jax.checkpoint`).
    case saveNothing
    /// Keep everything: no recomputation (`everything_saveable`).
    case saveEverything
    /// Keep the inputs and the results of matrix multiplications; recompute
    /// the rest (`dots_saveable`): the expensive products are not redone.
    case saveDots
}

/// `function`, differentiated by recomputing its forward pass in the
/// backward pass instead of keeping its intermediates (`jax.checkpoint`,
/// `jax.remat`): less memory for more compute.
///
/// The recomputation reads its inputs through an `optimization_barrier`
/// shared with the incoming cotangent, so neither XLA nor this library's CSE
/// merges it back into the forward pass, and XLA cannot schedule it before
/// the backward pass needs it.
public func remat<Input: TensorTree, Output: TensorTree>(
    _ function: @escaping (Input) -> Output, policy: RematPolicy = .saveNothing,
    file: String = #fileID, line: Int = #line
) -> (Input) -> Output {
    switch policy {
    case .saveEverything:
        return function
    case .saveNothing, .saveDots:
        return { input in rematerialize(function, input, savingDots: policy == .saveDots, file: file, line: line) }
    }
}

/// `remat` of a closure that throws: its error comes out of the returned
/// function (which runs it to trace the forward pass) and out of the
/// differentiation that recomputes it, with its type.
///
/// ```swift
/// let block = remat { (h: Tensor) throws(HaikuError) in try layer.apply(params, h) }
/// let g = try grad { (h: Tensor) in try block(h).sum() }(x)
/// ```
public func remat<Input: TensorTree, Output: TensorTree, Failure: Error>(
    _ function: @escaping (Input) throws(Failure) -> Output, policy: RematPolicy = .saveNothing,
    file: String = #fileID, line: Int = #line
) -> (Input) throws(Failure) -> Output {
    switch policy {
    case .saveEverything:
        return function
    case .saveNothing, .saveDots:
        return { input throws(Failure) in
            try rematerialize(function, input, savingDots: policy == .saveDots, file: file, line: line)
        }
    }
}

/// `function(input)` whose backward pass recomputes it. The traced tensors
/// `function` captures are found by tracing it once in a throwaway child
/// trace; they become explicit inputs of the custom derivative, so they get
/// cotangents too (as `jax.checkpoint` differentiates closed-over values).
private func rematerialize<Input: TensorTree, Output: TensorTree, Failure: Error>(
    _ function: @escaping (Input) throws(Failure) -> Output, _ input: Input, savingDots: Bool, file: String, line: Int
) throws(Failure) -> Output {
    guard let trace = TracingContext.current else { return try function(input) }
    // Implicit state (Haiku's) as the forward pass starts: the probe and the
    // recomputation start from it too, so they draw the same random keys,
    // and their changes are discarded.
    let implicit = ImplicitStateContext.current
    let start = implicit?.checkpoint()
    let probe = TracingContext(location: location(file, line), parent: trace)
    let probed = ImplicitStateContext.discarding {
        probe.record {
            Result { () throws(Failure) in
                _ = try function(probe.tree(input, values: input.leaves.map { probe.builder.parameter($0.type) }))
            }
        }
    }
    probe.close()
    try probed.get()
    let captured = probe.importedTraced
    let keys = captured.map(\.key)
    // Re-runs `function` with the captured tensors replaced by `replacements`.
    let rerun = { (input: Input, replacements: [Tensor]) throws(Failure) -> Output in
        guard let current = TracingContext.current else { return try function(input) }
        let values: [Value]
        do {
            values = try replacements.map { try current.localValue(of: $0, location: nil) }
        } catch {
            current.fail(TensorError(error))
            return try function(input)
        }
        let inlining = TracingContext.Inlining(target: current, values: Dictionary(uniqueKeysWithValues: zip(keys, values)))
        return try TracingContext.$inlining.withValue(inlining) { Result { () throws(Failure) in try function(input) } }.get()
    }
    let differentiable = customVJP(forward: { (pair: TreePair<Input, [Tensor]>) throws(Failure) in
        let recorder = DotSaving(replaying: [])
        let output = try DotSaving.$current.withValue(savingDots ? recorder : nil) {
            Result { () throws(Failure) in try rerun(pair.first, pair.second) }
        }.get()
        return (output, TreePair(first: pair, second: recorder.recorded))
    }, backward: { (saved: TreePair<TreePair<Input, [Tensor]>, [Tensor]>, outputCotangent: Output) throws(Failure) in
        let replayer = savingDots ? DotSaving(replaying: saved.second) : nil
        // One barrier over the inputs and the incoming cotangent: the
        // recomputation cannot start before the backward pass reaches it.
        let barriered = optimizationBarrier(TreePair(first: saved.first, second: outputCotangent))
        let recomputed = { (pair: TreePair<Input, [Tensor]>) throws(Failure) -> Output in
            try ImplicitStateContext.replaying(start, in: implicit) {
                Result { () throws(Failure) in try rerun(pair.first, pair.second) }
            }.get()
        }
        return try DotSaving.$current.withValue(replayer) {
            Result { () throws(Failure) in
                try cotangent(of: recomputed, at: barriered.first, for: barriered.second, location: location(file, line))
            }
        }.get()
    }, file: file, line: line)
    return try differentiable(TreePair(first: input, second: captured.map(\.outer)))
}

/// `tree` unchanged, behind a barrier XLA does not move computation across
/// (`lax.optimization_barrier`).
public func optimizationBarrier<T: TensorTree>(_ tree: T) -> T {
    let leaves = tree.leaves
    guard !leaves.isEmpty else { return tree }
    let results = Tensor.apply(.optimizationBarrier, leaves, fallback: leaves.map(\.type))
    return tree.replacingLeaves(with: zip(results, leaves).map { $0.weak($1.isWeak) })
}

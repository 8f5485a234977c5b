import XLATensor

/// Momentum: keeps `trace = updates + decay * trace` and returns it, or with
/// Nesterov's variant `updates + decay * trace` (`optax.trace`).
public struct Trace: GradientTransformation {
    /// The decay of past updates (the momentum).
    public let decay: Double
    /// Whether to use Nesterov's momentum.
    public let nesterov: Bool

    /// The trace of past updates (`optax.TraceState`).
    public struct State: TensorTree {
        /// The trace, of the parameters' structure.
        public var trace: AnyTensorTree

        /// The trace's leaves.
        public func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> State {
            State(trace: try trace.mapTensors(transform))
        }

        /// The trace's leaves.
        public func appendLeaves(to leaves: inout [Tensor]) { trace.appendLeaves(to: &leaves) }
    }

    /// A trace of zeros.
    public func initialize<Params: TensorTree>(_ params: Params) -> State {
        State(trace: AnyTensorTree(zerosLike(params)))
    }

    /// The new trace (Nesterov: `updates + decay * trace`), and the trace.
    public func update<Params: TensorTree>(_ updates: Params, state: State, params: Params?)
        -> (updates: Params, state: State) {
        guard let trace = state.trace.leaves(matching: updates) else {
            return (stateMismatch(updates, state.trace), state)
        }
        let gradients = updates.leaves
        let newTrace = zip(gradients, trace).map { g, t in g + decay * t }
        let result = nesterov ? zip(gradients, newTrace).map { g, t in g + decay * t } : newTrace
        return (updates.rebuilt(result), State(trace: AnyTensorTree(updates.rebuilt(newTrace))))
    }
}

/// Momentum `decay`, Nesterov's when `nesterov` (`optax.trace`).
public func trace(decay: Double, nesterov: Bool = false) -> Trace {
    Trace(decay: decay, nesterov: nesterov)
}

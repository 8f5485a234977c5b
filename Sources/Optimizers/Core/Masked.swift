import XLATensor

/// A transformation applied only to the leaves a mask selects; the others
/// keep their updates (`optax.masked`). The inner transformation's state
/// holds only the selected leaves.
///
/// ```swift
/// let optimizer = chain(masked(adam(learningRate: 1e-3), .parameters { module, _, _ in module != "frozen" }),
///                       scale(0.5))
/// ```
public struct Masked<Inner: GradientTransformation>: GradientTransformation {
    /// The transformation applied to the selected leaves.
    public let inner: Inner
    /// Which leaves `inner` applies to.
    public let mask: Mask

    /// The inner transformation's state (`optax.MaskedState`).
    public struct State: TensorTree {
        /// The state of the inner transformation, over the selected leaves.
        public var inner: Inner.State

        /// The inner state's leaves.
        public func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> State {
            State(inner: try inner.mapTensors(transform))
        }

        /// The inner state's leaves.
        public func appendLeaves(to leaves: inout [Tensor]) { inner.appendLeaves(to: &leaves) }
    }

    /// The inner transformation's state for the selected parameters, as an
    /// array of tensors.
    public func initialize<Params: TensorTree>(_ params: Params) -> State {
        switch mask.flags(for: params) {
        case let .success(flags):
            return State(inner: inner.initialize(selected(params.leaves, flags)))
        case let .failure(mismatch):
            return State(inner: inner.initialize(poisoned(params.leaves, mismatch.reason)))
        }
    }

    /// The inner transformation's updates for the selected leaves; the
    /// others unchanged.
    public func update<Params: TensorTree>(_ updates: Params, state: State, params: Params?)
        -> (updates: Params, state: State) {
        let flags: [Bool]
        switch mask.flags(for: updates) {
        case let .success(found): flags = found
        case let .failure(mismatch): return (poisoned(updates, mismatch.reason), state)
        }
        let leaves = updates.leaves
        let (innerUpdates, innerState) = inner.update(selected(leaves, flags), state: state.inner,
                                                      params: params.map { selected($0.leaves, flags) })
        var replacements = innerUpdates.makeIterator()
        return (updates.rebuilt(zip(leaves, flags).map { leaf, flag in flag ? replacements.next()! : leaf }),
                State(inner: innerState))
    }
}

/// `inner` applied only where `mask` is true (`optax.masked`).
public func masked<Inner: GradientTransformation>(_ inner: Inner, _ mask: Mask) -> Masked<Inner> {
    Masked(inner: inner, mask: mask)
}

/// The leaves whose flag is true.
func selected(_ leaves: [Tensor], _ flags: [Bool]) -> [Tensor] {
    zip(leaves, flags).compactMap { leaf, flag in flag ? leaf : nil }
}

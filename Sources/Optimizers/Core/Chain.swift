import XLATensor

/// Transformations applied one after another, each to the previous one's
/// updates (`optax.chain`).
///
/// ```swift
/// let optimizer = chain(clipByGlobalNorm(1), adam(learningRate: 1e-3))
/// ```
public struct Chain<each Step: GradientTransformation>: GradientTransformation {
    /// The transformations, in order.
    public let steps: (repeat each Step)

    /// The transformations `steps`, applied in order.
    init(_ steps: repeat each Step) {
        self.steps = (repeat each steps)
    }

    /// Each transformation's state, in order (optax's tuple of states).
    public struct State: TensorTree {
        /// The states, one per transformation.
        public var states: (repeat (each Step).State)

        /// The states `states`, one per transformation.
        init(_ states: repeat (each Step).State) {
            self.states = (repeat each states)
        }

        /// Each state's leaves in order.
        public func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> State {
            State(repeat try (each states).mapTensors(transform))
        }

        /// Each state's leaves in order.
        public func appendLeaves(to leaves: inout [Tensor]) {
            for state in repeat each states { state.appendLeaves(to: &leaves) }
        }

        /// Each state's structure in order.
        public func appendStructure(to key: inout String) {
            key += "chain("
            for state in repeat each states { state.appendStructure(to: &key) }
            key += ")"
        }
    }

    /// Every transformation's initial state.
    public func initialize<Params: TensorTree>(_ params: Params) -> State {
        State(repeat (each steps).initialize(params))
    }

    /// The updates after every transformation in turn, with their states.
    public func update<Params: TensorTree>(_ updates: Params, state: State, params: Params?)
        -> (updates: Params, state: State) {
        var current = updates
        func advance<T: GradientTransformation>(_ step: T, _ state: T.State) -> T.State {
            let (next, nextState) = step.update(current, state: state, params: params)
            current = next
            return nextState
        }
        let states = State(repeat advance(each steps, each state.states))
        return (current, states)
    }
}

/// The transformations applied one after another (`optax.chain`).
///
/// ```swift
/// let optimizer = chain(clipByGlobalNorm(1), addDecayedWeights(1e-4), scaleByAdam(), scaleByLearningRate(1e-3))
/// ```
public func chain<each Step: GradientTransformation>(_ steps: repeat each Step) -> Chain<repeat each Step> {
    Chain(repeat each steps)
}

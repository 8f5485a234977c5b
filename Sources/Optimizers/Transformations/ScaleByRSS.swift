import XLATensor

/// Rescales updates by the inverse root of the sum of all squared
/// gradients so far, Adagrad's step (`optax.scale_by_rss`).
public struct ScaleByRSS: GradientTransformation {
    /// The sums' initial value (non-negative).
    public let initialAccumulatorValue: Double
    /// Added to the sum inside the square root.
    public let eps: Double

    /// The sums of squared gradients (`optax.ScaleByRssState`).
    public struct State: TensorTree {
        /// The sums, of the parameters' structure.
        public var sumOfSquares: AnyTensorTree

        /// The sums' leaves.
        public func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> State {
            State(sumOfSquares: try sumOfSquares.mapTensors(transform))
        }

        /// The sums' leaves.
        public func appendLeaves(to leaves: inout [Tensor]) { sumOfSquares.appendLeaves(to: &leaves) }
    }

    /// Sums of `initialAccumulatorValue`.
    public func initialize<Params: TensorTree>(_ params: Params) -> State {
        State(sumOfSquares: AnyTensorTree(fullLike(params, initialAccumulatorValue)))
    }

    /// `updates / sqrt(sum + eps)` where the sum is positive, else 0.
    public func update<Params: TensorTree>(_ updates: Params, state: State, params: Params?)
        -> (updates: Params, state: State) {
        guard let oldSums = state.sumOfSquares.leaves(matching: updates) else {
            return (stateMismatch(updates, state.sumOfSquares), state)
        }
        let gradients = updates.leaves
        let sums = zip(gradients, oldSums).map { g, t in g * g + t }
        let scaled = zip(sums, gradients).map { t, g in select(t .> 0, rsqrt(t + eps), weak(0)) * g }
        return (updates.rebuilt(scaled), State(sumOfSquares: AnyTensorTree(updates.rebuilt(sums))))
    }
}

/// Adagrad's rescaling (`optax.scale_by_rss`).
public func scaleByRSS(initialAccumulatorValue: Double = 0.1, eps: Double = 1e-7) -> ScaleByRSS {
    ScaleByRSS(initialAccumulatorValue: initialAccumulatorValue, eps: eps)
}

import XLATensor

/// Rescales updates by Adam's bias-corrected moment estimates:
/// `m̂ / (sqrt(v̂ + epsRoot) + eps)` (`optax.scale_by_adam`), optionally with
/// Nesterov momentum (Nadam).
public struct ScaleByAdam: GradientTransformation {
    /// The decay of the first moment.
    public let b1: Double
    /// The decay of the second moment.
    public let b2: Double
    /// Added to the denominator outside the square root.
    public let eps: Double
    /// Added to the second moment inside the square root (helps when
    /// differentiating through the update).
    public let epsRoot: Double
    /// Whether to use Nesterov momentum (Nadam, Dozat 2016).
    public let nesterov: Bool

    /// The step count and both moments (`optax.ScaleByAdamState`).
    public struct State: TensorTree {
        /// The number of updates so far, `int32`.
        public var count: Tensor
        /// The first moment, of the parameters' structure.
        public var mu: AnyTensorTree
        /// The second moment, of the parameters' structure.
        public var nu: AnyTensorTree

        /// The count, then the first and second moments' leaves.
        public func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> State {
            State(count: try transform(count), mu: try mu.mapTensors(transform), nu: try nu.mapTensors(transform))
        }

        /// The count, then the first and second moments' leaves.
        public func appendLeaves(to leaves: inout [Tensor]) {
            leaves.append(count)
            mu.appendLeaves(to: &leaves)
            nu.appendLeaves(to: &leaves)
        }
    }

    /// Count 0 and zero moments.
    public func initialize<Params: TensorTree>(_ params: Params) -> State {
        State(count: zeroCount(), mu: AnyTensorTree(zerosLike(params)), nu: AnyTensorTree(zerosLike(params)))
    }

    /// The rescaled updates and the updated moments.
    public func update<Params: TensorTree>(_ updates: Params, state: State, params: Params?)
        -> (updates: Params, state: State) {
        guard let oldMu = state.mu.leaves(matching: updates), let oldNu = state.nu.leaves(matching: updates) else {
            return (stateMismatch(updates, state.mu), state)
        }
        let gradients = updates.leaves
        let mu = zip(gradients, oldMu).map { updatedMoment($0, $1, decay: b1, order: 1) }
        let nu = zip(gradients, oldNu).map { updatedMoment($0, $1, decay: b2, order: 2) }
        let count = safeIncrement(state.count)
        let muHat: [Tensor]
        if nesterov {
            let nextCorrection = biasCorrectionFactor(decay: b1, count: safeIncrement(count))
            let correction = biasCorrectionFactor(decay: b1, count: count)
            muHat = zip(mu, gradients).map { m, g in
                b1 * corrected(m, by: nextCorrection) + complement(b1) * corrected(g, by: correction)
            }
        } else {
            let correction = biasCorrectionFactor(decay: b1, count: count)
            muHat = mu.map { corrected($0, by: correction) }
        }
        let nuCorrection = biasCorrectionFactor(decay: b2, count: count)
        let scaled = zip(muHat, nu).map { m, v in m / (sqrt(corrected(v, by: nuCorrection) + epsRoot) + eps) }
        return (updates.rebuilt(scaled),
                State(count: count, mu: AnyTensorTree(updates.rebuilt(mu)), nu: AnyTensorTree(updates.rebuilt(nu))))
    }
}

/// Adam's rescaling (`optax.scale_by_adam`); chain it with
/// ``scaleByLearningRate(_:flipSign:)`` for ``adam(learningRate:b1:b2:eps:epsRoot:nesterov:)``.
public func scaleByAdam(b1: Double = 0.9, b2: Double = 0.999, eps: Double = 1e-8, epsRoot: Double = 0,
                        nesterov: Bool = false) -> ScaleByAdam {
    ScaleByAdam(b1: b1, b2: b2, eps: eps, epsRoot: epsRoot, nesterov: nesterov)
}

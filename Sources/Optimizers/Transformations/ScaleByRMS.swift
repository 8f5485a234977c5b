import XLATensor

/// Rescales updates by the root of a moving average of squared gradients
/// (`optax.scale_by_rms`), or, `centered`, by the root of their moving
/// variance (`optax.scale_by_stddev`): RMSProp's step.
public struct ScaleByRMS: GradientTransformation {
    /// The decay of the moving averages.
    public let decay: Double
    /// Added to the denominator, inside or outside the square root.
    public let eps: Double
    /// The second moment's initial value.
    public let initialScale: Double
    /// Whether `eps` goes inside the square root (`rsqrt(v + eps)`) rather
    /// than outside (`1 / (sqrt(v) + eps)`).
    public let epsInSqrt: Bool
    /// Whether to bias-correct the moving averages (keeps a step count).
    public let biasCorrection: Bool
    /// Whether to subtract the squared moving average of gradients
    /// (centered RMSProp; keeps a first moment).
    public let centered: Bool

    /// The moving averages (`optax.ScaleByRmsState`,
    /// `ScaleByRStdDevState` and their `WithCount` forms).
    public struct State: TensorTree {
        /// The number of updates so far, `int32`, with bias correction.
        public var count: Tensor?
        /// The moving average of gradients, when centered.
        public var mu: AnyTensorTree?
        /// The moving average of squared gradients.
        public var nu: AnyTensorTree

        /// The count, the first and the second moment's leaves, where present.
        public func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> State {
            State(count: try count.mapTensors(transform), mu: try mu.mapTensors(transform),
                  nu: try nu.mapTensors(transform))
        }

        /// The count, the first and the second moment's leaves, where present.
        public func appendLeaves(to leaves: inout [Tensor]) {
            count.appendLeaves(to: &leaves)
            mu.appendLeaves(to: &leaves)
            nu.appendLeaves(to: &leaves)
        }
    }

    /// Count 0 (with bias correction), a zero first moment (centered), and
    /// a second moment of `initialScale`.
    public func initialize<Params: TensorTree>(_ params: Params) -> State {
        State(count: biasCorrection ? zeroCount() : nil, mu: centered ? AnyTensorTree(zerosLike(params)) : nil,
              nu: AnyTensorTree(fullLike(params, initialScale)))
    }

    /// The rescaled updates and the updated averages.
    public func update<Params: TensorTree>(_ updates: Params, state: State, params: Params?)
        -> (updates: Params, state: State) {
        guard let oldNu = state.nu.leaves(matching: updates) else { return (stateMismatch(updates, state.nu), state) }
        let oldMu = state.mu?.leaves(matching: updates)
        guard (oldMu != nil) == centered, (state.count != nil) == biasCorrection else {
            return (poisoned(updates, "the RMSProp state was made with other options; initialize it with this optimizer"),
                    state)
        }
        let gradients = updates.leaves
        let mu = oldMu.map { zip(gradients, $0).map { updatedMoment($0, $1, decay: decay, order: 1) } }
        let nu = zip(gradients, oldNu).map { updatedMoment($0, $1, decay: decay, order: 2) }
        var count = state.count
        var muHat = mu, nuHat = nu
        if let previous = state.count {
            let next = safeIncrement(previous)
            let correction = biasCorrectionFactor(decay: decay, count: next)
            muHat = mu?.map { corrected($0, by: correction) }
            nuHat = nu.map { corrected($0, by: correction) }
            count = next
        }
        let variance = muHat.map { zip($0, nuHat).map { m, v in v - m * m } } ?? nuHat
        let scaling = variance.map { epsInSqrt ? rsqrt($0 + eps) : 1.0 / (sqrt($0) + eps) }
        return (updates.rebuilt(zip(scaling, gradients).map { s, g in s * g }),
                State(count: count, mu: mu.map { AnyTensorTree(updates.rebuilt($0)) },
                      nu: AnyTensorTree(updates.rebuilt(nu))))
    }
}

/// RMSProp's rescaling by the root of a moving average of squared
/// gradients (`optax.scale_by_rms`).
public func scaleByRMS(decay: Double = 0.9, eps: Double = 1e-8, initialScale: Double = 0, epsInSqrt: Bool = true,
                       biasCorrection: Bool = false) -> ScaleByRMS {
    ScaleByRMS(decay: decay, eps: eps, initialScale: initialScale, epsInSqrt: epsInSqrt,
               biasCorrection: biasCorrection, centered: false)
}

/// Centered RMSProp's rescaling by the root of the moving variance of
/// gradients (`optax.scale_by_stddev`).
public func scaleByStddev(decay: Double = 0.9, eps: Double = 1e-8, initialScale: Double = 0, epsInSqrt: Bool = true,
                          biasCorrection: Bool = false) -> ScaleByRMS {
    ScaleByRMS(decay: decay, eps: eps, initialScale: initialScale, epsInSqrt: epsInSqrt,
               biasCorrection: biasCorrection, centered: true)
}

import XLATensor

/// Stochastic gradient descent, with optional (Nesterov) momentum: the type
/// ``sgd(learningRate:momentum:nesterov:)`` returns, whose `State` names
/// the optimizer state in a `jit` signature.
public typealias SGD = Chain<Trace?, ScaleByLearningRate>

/// Adam: the type ``adam(learningRate:b1:b2:eps:epsRoot:nesterov:)``
/// returns.
public typealias Adam = Chain<ScaleByAdam, ScaleByLearningRate>

/// Adam with decoupled weight decay: the type
/// ``adamW(learningRate:b1:b2:eps:epsRoot:weightDecay:mask:nesterov:)`` returns.
public typealias AdamW = Chain<ScaleByAdam, AddDecayedWeights, ScaleByLearningRate>

/// RMSProp: the type
/// ``rmsProp(learningRate:decay:eps:initialScale:epsInSqrt:centered:momentum:nesterov:biasCorrection:)``
/// returns.
public typealias RMSProp = Chain<ScaleByRMS, ScaleByLearningRate, Trace?>

/// Adagrad: the type ``adagrad(learningRate:initialAccumulatorValue:eps:)`` returns.
public typealias Adagrad = Chain<ScaleByRSS, ScaleByLearningRate>

/// Stochastic gradient descent (`optax.sgd`): `-learningRate * grads`, or
/// with `momentum` the trace of past gradients (Nesterov's with `nesterov`).
///
/// ```swift
/// let optimizer = sgd(learningRate: 0.1, momentum: 0.9)
/// var optState = optimizer.initialize(params)
/// let (updates, next) = optimizer.update(grads, state: optState)
/// params = applyUpdates(params, updates)
/// ```
public func sgd(learningRate: Schedule, momentum: Double? = nil, nesterov: Bool = false) -> SGD {
    chain(momentum.map { trace(decay: $0, nesterov: nesterov) }, scaleByLearningRate(learningRate))
}

/// Adam (`optax.adam`): ``ScaleByAdam`` then the learning rate; Nadam with
/// `nesterov`.
///
/// ```swift
/// let optimizer = adam(learningRate: 1e-3)
/// ```
///
/// - Parameters:
///   - learningRate: a number or a ``Schedule``.
///   - b1: the decay of the first moment.
///   - b2: the decay of the second moment.
///   - eps: added to the denominator outside the square root.
///   - epsRoot: added inside the square root.
///   - nesterov: whether to use Nesterov momentum (`optax.nadam`).
public func adam(learningRate: Schedule, b1: Double = 0.9, b2: Double = 0.999, eps: Double = 1e-8,
                 epsRoot: Double = 0, nesterov: Bool = false) -> Adam {
    chain(scaleByAdam(b1: b1, b2: b2, eps: eps, epsRoot: epsRoot, nesterov: nesterov), scaleByLearningRate(learningRate))
}

/// Adam with decoupled weight decay (`optax.adamw`): Adam's rescaling, plus
/// `weightDecay * params` where `mask` selects, times the learning rate.
///
/// ```swift
/// let optimizer = adamW(learningRate: 1e-3, weightDecay: 1e-4, mask: .parameters { _, name, _ in name != "b" })
/// ```
///
/// - Parameters:
///   - weightDecay: a number or a ``Schedule``; optax's default 1e-4.
///   - mask: the parameters that decay; all when nil.
///   - other parameters: as ``adam(learningRate:b1:b2:eps:epsRoot:nesterov:)``.
public func adamW(learningRate: Schedule, b1: Double = 0.9, b2: Double = 0.999, eps: Double = 1e-8,
                  epsRoot: Double = 0, weightDecay: Schedule = 1e-4, mask: Mask? = nil,
                  nesterov: Bool = false) -> AdamW {
    chain(scaleByAdam(b1: b1, b2: b2, eps: eps, epsRoot: epsRoot, nesterov: nesterov),
          addDecayedWeights(weightDecay, mask: mask), scaleByLearningRate(learningRate))
}

/// RMSProp (`optax.rmsprop`): gradients over the root of a moving average
/// of their squares (of their variance when `centered`), times the
/// learning rate, then optional (Nesterov) momentum.
///
/// ```swift
/// let optimizer = rmsProp(learningRate: 1e-3, momentum: 0.9)
/// ```
///
/// - Parameters:
///   - decay: the decay of the moving averages.
///   - eps: added to the denominator, inside the square root with
///     `epsInSqrt`, else outside.
///   - initialScale: the second moment's initial value.
///   - centered: whether to divide by the root of the variance.
///   - momentum: the decay of a trace after the learning rate, if any.
///   - nesterov: whether that momentum is Nesterov's.
///   - biasCorrection: whether to bias-correct the moving averages.
public func rmsProp(learningRate: Schedule, decay: Double = 0.9, eps: Double = 1e-8, initialScale: Double = 0,
                    epsInSqrt: Bool = true, centered: Bool = false, momentum: Double? = nil, nesterov: Bool = false,
                    biasCorrection: Bool = false) -> RMSProp {
    let rescaling = ScaleByRMS(decay: decay, eps: eps, initialScale: initialScale, epsInSqrt: epsInSqrt,
                               biasCorrection: biasCorrection, centered: centered)
    return chain(rescaling, scaleByLearningRate(learningRate), momentum.map { trace(decay: $0, nesterov: nesterov) })
}

/// Adagrad (`optax.adagrad`): gradients over the root of the sum of all
/// squared gradients so far, times the learning rate.
///
/// ```swift
/// let optimizer = adagrad(learningRate: 0.1)
/// ```
public func adagrad(learningRate: Schedule, initialAccumulatorValue: Double = 0.1, eps: Double = 1e-7) -> Adagrad {
    chain(scaleByRSS(initialAccumulatorValue: initialAccumulatorValue, eps: eps), scaleByLearningRate(learningRate))
}

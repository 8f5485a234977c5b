import XLATensor

/// A step of an optimizer, as optax's `GradientTransformation`: it keeps a
/// state and turns gradients into updates.
///
/// `initialize` builds the state from the parameters; `update` takes the
/// gradients (or the updates of the previous transformation in a
/// ``chain(_:)``), the state and optionally the parameters, and returns the
/// updates with the next state. ``applyUpdates(_:_:)`` adds the updates to
/// the parameters. Parameters are any ``TensorTree`` (Haiku's `Params`, a
/// tensor, an array, a user struct), and the state is a ``TensorTree`` of a
/// concrete type whatever the parameters, so a whole training step compiles
/// as one `jit`:
///
/// ```swift
/// let optimizer = adam(learningRate: 1e-3)
/// var optState = optimizer.initialize(params)
/// let step = jit { (params: Params, optState: Adam.State, batch: Tensor) in
///     let grads = grad { (p: Params) in loss(p, batch) }(params)
///     let (updates, next) = optimizer.update(grads, state: optState, params: params)
///     return TrainState(params: applyUpdates(params, updates), optState: next)
/// }
/// ```
///
/// Updates and trees in the state have the parameters' structure; a state
/// used with other parameters than it was made for gives poisoned updates
/// (``XLATensor/TensorError/invalidTransformation(reason:location:)``), never a crash.
public protocol GradientTransformation: Sendable {
    /// The state kept between steps (optax's `OptState`).
    associatedtype State: TensorTree

    /// The state before the first step, for parameters of this structure,
    /// shapes and dtypes (optax's `opt.init(params)`).
    func initialize<Params: TensorTree>(_ params: Params) -> State

    /// The updates for `updates` (the gradients, or the previous
    /// transformation's updates) and the next state (optax's
    /// `opt.update(grads, state, params)`).
    ///
    /// - Parameters:
    ///   - updates: the gradients or updates, of the parameters' structure.
    ///   - state: the state from ``initialize(_:)`` or the previous step.
    ///   - params: the current parameters; transformations that need them
    ///     (weight decay) give poisoned updates without them.
    func update<Params: TensorTree>(_ updates: Params, state: State, params: Params?) -> (updates: Params, state: State)
}

extension GradientTransformation {
    /// The updates and next state without the parameters (optax's
    /// `opt.update(grads, state)`).
    public func update<Params: TensorTree>(_ updates: Params, state: State) -> (updates: Params, state: State) {
        update(updates, state: state, params: nil)
    }
}

/// `params` with `updates` added, each sum converted back to the
/// parameter's dtype (`optax.apply_updates`).
///
/// ```swift
/// let (updates, optState) = optimizer.update(grads, state: optState, params: params)
/// params = applyUpdates(params, updates)
/// ```
///
/// Trees of different structures give poisoned parameters.
public func applyUpdates<Params: TensorTree>(_ params: Params, _ updates: Params) -> Params {
    guard let deltas = leaves(of: updates, matching: params) else {
        return poisoned(params, "applyUpdates needs updates of the parameters' structure")
    }
    return params.rebuilt(zip(params.leaves, deltas).map { p, u in (p + u).converted(to: p.dtype) })
}

/// The state of a transformation that keeps none (`optax.EmptyState`).
public struct EmptyState: TensorTree, Sendable {
    /// The empty state.
    public init() {}
    /// No leaves.
    public func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> EmptyState { self }
}

/// Leaves updates unchanged (`optax.identity()`).
public func identity() -> IdentityTransformation {
    IdentityTransformation()
}

/// The transformation that leaves updates unchanged, which ``identity()``
/// returns (Haiku's `Identity` is the initializer).
public struct IdentityTransformation: GradientTransformation {
    /// No state.
    public func initialize<Params: TensorTree>(_ params: Params) -> EmptyState { EmptyState() }
    /// `updates` unchanged.
    public func update<Params: TensorTree>(_ updates: Params, state: EmptyState, params: Params?)
        -> (updates: Params, state: EmptyState) {
        (updates, state)
    }
}

/// An optional transformation: a step that an optimizer may leave out
/// (`sgd` without momentum); `nil` passes updates through as optax's
/// `identity()` does.
extension Optional: GradientTransformation where Wrapped: GradientTransformation {
    /// The wrapped transformation's state, or nil.
    public func initialize<Params: TensorTree>(_ params: Params) -> Wrapped.State? {
        self?.initialize(params)
    }

    /// The wrapped transformation's update, or `updates` unchanged.
    public func update<Params: TensorTree>(_ updates: Params, state: Wrapped.State?, params: Params?)
        -> (updates: Params, state: Wrapped.State?) {
        switch (self, state) {
        case (nil, nil):
            return (updates, nil)
        case let (transformation?, state?):
            let (updated, next) = transformation.update(updates, state: state, params: params)
            return (updated, next)
        default:
            return (poisoned(updates, "an optional transformation got a state \(state == nil ? "without" : "with") a value "
                             + "while it is \(self == nil ? "nil" : "present"); initialize the state with this optimizer"), state)
        }
    }
}

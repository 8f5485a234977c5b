/// The state of a core that carries nothing (Haiku's empty tuple `()`),
/// such as ``IdentityCore``: a tree without leaves.
public struct EmptyRNNState: TensorTree {
    /// The empty state.
    public init() {}

    /// Itself: there are no leaves.
    public func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> EmptyRNNState { self }
}

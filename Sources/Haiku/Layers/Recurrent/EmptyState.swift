/// The state of a core that carries nothing (Haiku's empty tuple `()`),
/// such as ``IdentityCore``: a tree without leaves.
public struct EmptyState: TensorTree {
    /// The empty state.
    public init() {}

    /// Itself: there are no leaves.
    public func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> EmptyState { self }
}

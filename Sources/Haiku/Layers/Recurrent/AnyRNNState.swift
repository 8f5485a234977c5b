/// The state of one core of a ``DeepRNN``, whatever its type (a tensor, an
/// ``LSTMState``, a nested ``DeepRNN``'s array): the tree with its type
/// erased, so that the cores' states form one array.
public struct AnyRNNState: TensorTree {
    /// The state itself.
    public let base: any TensorTree

    /// Wraps `state`.
    public init<State: TensorTree>(_ state: State) {
        base = state
    }

    /// The wrapped state with its leaves mapped.
    public func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> AnyRNNState {
        AnyRNNState(try base.mapTensors(transform))
    }

    /// The wrapped state's structure.
    public func appendStructure(to key: inout String) {
        base.appendStructure(to: &key)
    }

    /// The wrapped state's leaves.
    public func appendLeaves(to leaves: inout [Tensor]) {
        base.appendLeaves(to: &leaves)
    }
}

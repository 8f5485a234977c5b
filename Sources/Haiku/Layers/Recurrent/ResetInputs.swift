/// The inputs of one step of a ``ResetCore``: the wrapped core's inputs and
/// the flags saying where its state goes back to the initial state (Haiku's
/// tuple `(inputs, should_reset)`).
///
/// The flags are booleans (or numbers, nonzero meaning true): one tensor
/// for every state leaf, whose shape is a prefix of every leaf's shape
/// (usually `[batch]`, `[]` for an unbatched state), or a tree of the
/// state's type and structure with one such tensor per leaf
/// (`LSTMState(hidden: resetHidden, cell: resetCell)`).
public struct ResetInputs<Inputs: TensorTree>: TensorTree {
    /// The wrapped core's inputs.
    public var inputs: Inputs
    /// The flags: a tensor, or a tree of the state's structure.
    public var shouldReset: AnyTensorTree

    /// The step's inputs and reset flags (a tensor or a tree of the state's structure).
    public init<Flags: TensorTree>(_ inputs: Inputs, shouldReset: Flags) {
        self.inputs = inputs
        self.shouldReset = shouldReset as? AnyTensorTree ?? AnyTensorTree(shouldReset)
    }

    /// Maps the inputs' leaves, then the flags'.
    public func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> ResetInputs {
        ResetInputs(try inputs.mapTensors(transform), shouldReset: try shouldReset.mapTensors(transform))
    }
}

/// The inputs of one step of a ``ResetCore``: the wrapped core's inputs and
/// the flags saying where its state goes back to the initial state (Haiku's
/// tuple `(inputs, should_reset)`).
public struct ResetInputs<Inputs: TensorTree>: TensorTree {
    /// The wrapped core's inputs.
    public var inputs: Inputs
    /// Booleans (or numbers, nonzero meaning true) whose shape is a prefix of
    /// every state leaf's shape, usually `[batch]` (`[]` for an unbatched
    /// state): where true, the state is reset before the step.
    public var shouldReset: Tensor

    /// The step's inputs and reset flags.
    public init(_ inputs: Inputs, shouldReset: Tensor) {
        self.inputs = inputs
        self.shouldReset = shouldReset
    }

    /// Maps the inputs' leaves, then the flags.
    public func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> ResetInputs {
        ResetInputs(try inputs.mapTensors(transform), shouldReset: try transform(shouldReset))
    }
}

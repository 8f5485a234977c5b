/// A core that passes its inputs through and carries an ``EmptyRNNState``
/// (`hk.IdentityCore`): a stand-in that keeps a recurrent interface for a
/// feed-forward model.
///
/// ```swift
/// let core = IdentityCore<Tensor>()
/// let (outputs, _) = dynamicUnroll(core, xs, core.initialState(batchSize: nil))  // outputs == xs
/// ```
public final class IdentityCore<Input: TensorTree>: Module, RNNCore {
    /// A core that returns its inputs.
    public override init(name: ModuleName = nil) {
        super.init(name: name)
    }

    /// `inputs`, and `state` unchanged.
    public func callAsFunction(_ inputs: Input, _ state: EmptyRNNState) -> (output: Input, state: EmptyRNNState) {
        method(inputs, state) { inputs, state in (inputs, state) }
    }

    /// The empty state, whatever `batchSize`.
    public func initialState(batchSize: Int?) -> EmptyRNNState { EmptyRNNState() }
}

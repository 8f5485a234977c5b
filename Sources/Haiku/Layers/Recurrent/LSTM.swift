/// A long short-term memory core (`hk.LSTM`). With `[x, h_prev] · w + b`
/// split into the gates `i`, `g`, `f`, `o` (in that order):
///
/// ```
/// c = sigmoid(f + 1) · c_prev + sigmoid(i) · tanh(g)
/// h = sigmoid(o) · tanh(c)
/// ```
///
/// The output is `h`; the state is ``LSTMState`` `(h, c)`. The `+ 1` on
/// the forget gate lowers how much the core forgets early in training.
/// Parameters: `linear` with `w [inputSize + hiddenSize, 4 · hiddenSize]`
/// and `b [4 · hiddenSize]`.
///
/// The input is `[features]` or `[batch, features]`; another rank is an
/// error naming the module.
public final class LSTM: Module, RNNCore {
    /// The size of the hidden and cell states.
    public let hiddenSize: Int

    /// A core with states of `hiddenSize`.
    public init(_ hiddenSize: Int, name: ModuleName = nil) {
        self.hiddenSize = hiddenSize
        super.init(name: name)
    }

    /// `hiddenSize: 8`.
    public override var configuration: [String] { ["hiddenSize: \(hiddenSize)"] }

    /// The new hidden state, and the new state.
    public func callAsFunction(_ inputs: Tensor, _ state: LSTMState) -> (output: Tensor, state: LSTMState) {
        method(inputs, state) { inputs, state in
            guard inputs.rank == 1 || inputs.rank == 2 else {
                let error = invalidArgument("LSTM input must be rank-1 or rank-2, not of shape \(inputs.shape)")
                let output = error.poisoned(TensorType(inputs.dtype, Array(inputs.shape.dropLast()) + [hiddenSize]))
                return (output, error.poisoning(state))
            }
            let gates = Linear(4 * hiddenSize)(concatenate([inputs, state.hidden], axis: -1)).split(4, axis: -1)
            let (i, g, f, o) = (gates[0], gates[1], gates[2], gates[3])
            let cell = sigmoid(f + 1) * state.cell + sigmoid(i) * tanh(g)
            let hidden = sigmoid(o) * tanh(cell)
            return (hidden, LSTMState(hidden: hidden, cell: cell))
        }
    }

    /// Zero hidden and cell states `[hiddenSize]`, with a leading
    /// `batchSize` axis when given.
    public func initialState(batchSize: Int?) -> LSTMState {
        addingBatch(LSTMState(hidden: Tensor.zeros([hiddenSize]), cell: Tensor.zeros([hiddenSize])), batchSize)
    }
}

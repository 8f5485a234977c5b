/// The state of an ``LSTM`` (`hk.LSTMState`): the hidden vector, which is
/// also the core's output, and the cell vector.
public struct LSTMState: TensorTree {
    /// The hidden state `h`.
    public var hidden: Tensor
    /// The cell state `c`.
    public var cell: Tensor

    /// A state of these hidden and cell vectors.
    public init(hidden: Tensor, cell: Tensor) {
        self.hidden = hidden
        self.cell = cell
    }

    /// Maps `hidden`, then `cell` (Haiku's field order).
    public func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> LSTMState {
        LSTMState(hidden: try transform(hidden), cell: try transform(cell))
    }
}

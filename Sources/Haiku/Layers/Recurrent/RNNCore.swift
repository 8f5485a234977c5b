/// A recurrent core (`hk.RNNCore`): one step of a recurrent network, which
/// maps an input and the previous state to an output and the next state.
/// ``dynamicUnroll(_:_:_:timeMajor:reverse:)`` and
/// ``staticUnroll(_:_:_:timeMajor:)`` run it over a sequence.
///
/// Inputs, outputs and states are ``TensorTree``s (a tensor, ``LSTMState``,
/// an array, a user struct), so that `jit`, `grad`, `vmap`, `scan` and
/// checkpoints take them apart like any other tree.
///
/// ```swift
/// let core = LSTM(8)
/// let (output, state) = core(x, core.initialState(batchSize: 4))
/// ```
public protocol RNNCore<Input, Output> {
    /// What one step reads (a tensor `[batch, features]` for the built-in cores).
    associatedtype Input: TensorTree = Tensor
    /// What one step writes.
    associatedtype Output: TensorTree = Tensor
    /// What the core carries from one step to the next.
    associatedtype State: TensorTree

    /// One step: the output for `inputs` and the state that follows `state`,
    /// of the same structure.
    func callAsFunction(_ inputs: Input, _ state: State) -> (output: Output, state: State)

    /// The state before the first step: with a leading axis of `batchSize`,
    /// or without a batch axis when `batchSize` is nil.
    func initialState(batchSize: Int?) -> State
}

/// `state` with a leading axis of `batchSize` (each leaf repeated), or
/// `state` itself when `batchSize` is nil (Haiku's `add_batch`).
func addingBatch<State: TensorTree>(_ state: State, _ batchSize: Int?) -> State {
    guard let batchSize else { return state }
    return state.mapTensors { $0.broadcast(to: [batchSize] + $0.shape) }
}

extension HaikuError {
    /// `tree` with every leaf poisoned by this error, which the current run
    /// records (so `initialize` and `apply` throw it).
    func poisoning<Tree: TensorTree>(_ tree: Tree) -> Tree {
        tree.mapTensors { poisoned($0.type) }
    }
}

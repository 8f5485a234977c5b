/// A fully connected recurrent core (`hk.VanillaRNN`):
/// `h = relu(x · w_i + b_i + h_prev · w_h + b_h)`, the output being the new
/// state `h`.
///
/// Parameters: `linear` (`w [inputSize, hiddenSize]`, `b [hiddenSize]`) for
/// the input and `linear_1` (`w [hiddenSize, hiddenSize]`, and `b` with
/// `doubleBias`) for the previous state, as in Haiku.
public final class VanillaRNN: Module, RNNCore {
    /// The size of the hidden state.
    public let hiddenSize: Int
    /// Whether the hidden-to-hidden layer has a bias of its own (two biases,
    /// which changes nothing in what the core can learn).
    public let doubleBias: Bool

    /// A core with a hidden state of `hiddenSize`.
    public init(_ hiddenSize: Int, doubleBias: Bool = true, name: ModuleName = nil) {
        self.hiddenSize = hiddenSize
        self.doubleBias = doubleBias
        super.init(name: name)
    }

    /// `hiddenSize: 8`, and `doubleBias: false` when so.
    public override var configuration: [String] {
        ["hiddenSize: \(hiddenSize)"] + (doubleBias ? [] : ["doubleBias: false"])
    }

    /// The new hidden state, as output and as state.
    public func callAsFunction(_ inputs: Tensor, _ state: Tensor) -> (output: Tensor, state: Tensor) {
        method(inputs, state) { inputs, state in
            let output = relu(Linear(hiddenSize)(inputs) + Linear(hiddenSize, withBias: doubleBias)(state))
            return (output, output)
        }
    }

    /// Zeros `[hiddenSize]`, with a leading `batchSize` axis when given.
    public func initialState(batchSize: Int?) -> Tensor {
        addingBatch(Tensor.zeros([hiddenSize]), batchSize)
    }
}

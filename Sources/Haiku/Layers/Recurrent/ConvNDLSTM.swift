/// An N-dimensional convolutional LSTM (`hk.ConvNDLSTM`): ``LSTM``'s gates
/// computed by convolutions over the spatial dimensions instead of a
/// linear layer. With `W_x * x + W_h * h_prev + b` split along the
/// channels into the gates `i`, `g`, `f`, `o` (in that order):
///
/// ```
/// c = sigmoid(f + 1) · c_prev + sigmoid(i) · tanh(g)
/// h = sigmoid(o) · tanh(c)
/// ```
///
/// The output is `h`; the state is ``LSTMState`` `(h, c)`, each
/// `[batch, spatial..., outputChannels]`. Parameters: two ``ConvND``s of
/// `4 · outputChannels` channels, `input_to_hidden` (`w` `kernel + [inChannels,
/// 4 · outputChannels]`, `b`) and `hidden_to_hidden` (`w` `kernel +
/// [outputChannels, 4 · outputChannels]`, `b`), stride 1 and SAME padding.
///
/// The input is channels last, `[batch, spatial..., channels]` or without
/// the batch axis. An input of another rank, or a state whose hidden or cell
/// shape is not the input's with `outputChannels` channels, is an error
/// naming the module, as are `numSpatialDims` below 1 and an
/// `outputChannels` whose `4 · outputChannels` gate channels overflow `Int`. Use ``Conv1DLSTM``, ``Conv2DLSTM`` or ``Conv3DLSTM``
/// for a fixed number of spatial dimensions.
public class ConvNDLSTM: Module, RNNCore {
    /// The number of spatial dimensions.
    public let numSpatialDims: Int
    /// The input's spatial shape, without batch or channels: the initial
    /// state's shape before `outputChannels`.
    public let inputShape: [Int]
    /// The number of channels of the output and of both states.
    public let outputChannels: Int
    /// The kernel's spatial shape, as given, of both convolutions.
    public let kernelShape: SpatialShape

    /// A convolutional LSTM over `numSpatialDims` spatial dimensions.
    ///
    /// - Parameters:
    ///   - numSpatialDims: the number of spatial dimensions.
    ///   - inputShape: the input's spatial shape (Haiku's `input_shape`), which
    ///     ``initialState(batchSize:)`` gives the states.
    ///   - outputChannels: the channels of the output and the states.
    ///   - kernelShape: the kernel's spatial shape: one size, or one per dimension.
    ///   - name: the module's name; nil for the class's (`conv2_dlstm`).
    public init(numSpatialDims: Int, inputShape: [Int], outputChannels: Int, kernelShape: SpatialShape,
                name: ModuleName = nil) {
        (self.numSpatialDims, self.inputShape) = (numSpatialDims, inputShape)
        (self.outputChannels, self.kernelShape) = (outputChannels, kernelShape)
        super.init(name: name)
    }

    /// `inputShape: [8, 8], outputChannels: 4, kernelShape: 3`, after
    /// `numSpatialDims` for ``ConvNDLSTM`` itself.
    public override var configuration: [String] {
        (type(of: self) == ConvNDLSTM.self ? ["numSpatialDims: \(numSpatialDims)"] : [])
            + ["inputShape: \(inputShape)", "outputChannels: \(outputChannels)", "kernelShape: \(kernelShape)"]
    }

    /// The new hidden state, and the new state.
    public func callAsFunction(_ inputs: Tensor, _ state: LSTMState) -> (output: Tensor, state: LSTMState) {
        method(inputs, state) { inputs, state in
            if let error = mismatch(inputs, state) {
                return (error.poisoned(state.hidden.type), error.poisoning(state))
            }
            // Split at fixed offsets, so that gates a failed convolution
            // poisoned with another channel count still come in four.
            let gates = (convolution("input_to_hidden")(inputs) + convolution("hidden_to_hidden")(state.hidden))
                .split(at: [1, 2, 3].map { $0 * outputChannels }, axis: -1)
            let (i, g, f, o) = (gates[0], gates[1], gates[2], gates[3])
            let cell = sigmoid(f + 1) * state.cell + sigmoid(i) * tanh(g)
            let hidden = sigmoid(o) * tanh(cell)
            return (hidden, LSTMState(hidden: hidden, cell: cell))
        }
    }

    /// Zero hidden and cell states `inputShape + [outputChannels]`, with a
    /// leading `batchSize` axis when given.
    public func initialState(batchSize: Int?) -> LSTMState {
        let shape = inputShape + [outputChannels]
        return addingBatch(LSTMState(hidden: Tensor.zeros(shape), cell: Tensor.zeros(shape)), batchSize)
    }

    /// One of the two gate convolutions, named `name`.
    private func convolution(_ name: String) -> ConvND {
        ConvND(numSpatialDims: numSpatialDims, outputChannels: 4 * outputChannels, kernelShape: kernelShape,
               name: ModuleName(name))
    }

    /// The error for no spatial dimensions, an output channel count whose
    /// gates overflow `Int`, an input of the wrong rank, or a state that
    /// does not fit the input; nil when they fit.
    private func mismatch(_ inputs: Tensor, _ state: LSTMState) -> HaikuError? {
        guard numSpatialDims > 0 else {
            return invalidArgument("numSpatialDims must be at least 1, not \(numSpatialDims)")
        }
        guard (0...(Int.max / 4)).contains(outputChannels) else {
            return invalidArgument("outputChannels must be between 0 and \(Int.max / 4), not \(outputChannels)")
        }
        let ranks = [numSpatialDims + 1, numSpatialDims + 2]
        guard ranks.contains(inputs.rank) else {
            return invalidArgument(
                "\(className) input must be of rank \(ranks[0]) or \(ranks[1]) ([batch,] spatial..., channels), "
                    + "not of shape \(inputs.shape)")
        }
        let expected = Array(inputs.shape.dropLast()) + [outputChannels]
        let leaves = [("hidden", state.hidden.shape), ("cell", state.cell.shape)]
        guard let (leaf, shape) = leaves.first(where: { $0.1 != expected }) else { return nil }
        return invalidArgument(
            "the \(leaf) state must have shape \(expected) for an input of shape \(inputs.shape), not \(shape)")
    }
}

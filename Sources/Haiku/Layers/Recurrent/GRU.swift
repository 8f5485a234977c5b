/// A gated recurrent unit (`hk.GRU`):
///
/// ```
/// z = sigmoid(x · w_iz + h_prev · w_hz + b_z)      (update)
/// r = sigmoid(x · w_ir + h_prev · w_hr + b_r)      (reset)
/// a = tanh(x · w_ia + (r · h_prev) · w_ha + b_a)   (candidate)
/// h = (1 - z) · h_prev + z · a
/// ```
///
/// The output and the state are `h`. Parameters `w_i [inputSize, 3H]`,
/// `w_h [H, 3H]` and `b [3H]`, their columns in the order z, r, a.
/// The input is `[features]` or `[batch, features]`.
public final class GRU: Module, RNNCore {
    /// The size of the hidden state `H`.
    public let hiddenSize: Int
    let wIInit: any Initializer
    let wHInit: any Initializer
    let bInit: any Initializer

    /// A core with a hidden state of `hiddenSize`; the weights default to
    /// `VarianceScaling()`, the bias to zeros.
    public init(_ hiddenSize: Int, wIInit: (any Initializer)? = nil, wHInit: (any Initializer)? = nil,
                bInit: (any Initializer)? = nil, name: ModuleName = nil) {
        self.hiddenSize = hiddenSize
        self.wIInit = wIInit ?? VarianceScaling()
        self.wHInit = wHInit ?? VarianceScaling()
        self.bInit = bInit ?? Constant(0)
        super.init(name: name)
    }

    /// `hiddenSize: 8`.
    public override var configuration: [String] { ["hiddenSize: \(hiddenSize)"] }

    /// The new hidden state, as output and as state.
    public func callAsFunction(_ inputs: Tensor, _ state: Tensor) -> (output: Tensor, state: Tensor) {
        method(inputs, state) { inputs, state in
            guard inputs.rank == 1 || inputs.rank == 2 else {
                let error = invalidArgument("GRU input must be rank-1 or rank-2, not of shape \(inputs.shape)")
                return (error.poisoning(state), error.poisoning(state))
            }
            let size = hiddenSize
            let wI = parameter("w_i", shape: [inputs.shape[inputs.rank - 1], 3 * size], dtype: inputs.dtype, init: wIInit)
            let wH = parameter("w_h", shape: [size, 3 * size], dtype: inputs.dtype, init: wHInit)
            let b = parameter("b", shape: [3 * size], dtype: inputs.dtype, init: bInit)
            let (wHZR, wHA) = pair(wH.split(at: [2 * size], axis: 1))
            let (bZR, bA) = pair(b.split(at: [2 * size]))
            let (zrX, aX) = pair(matmul(inputs, wI).split(at: [2 * size], axis: -1))
            let zr = sigmoid(zrX + matmul(state, wHZR) + bZR).split(2, axis: -1)
            let (z, r) = (zr[0], zr[1])
            let candidate = tanh(aX + matmul(r * state, wHA) + bA)
            let next = (1 - z) * state + z * candidate
            return (next, next)
        }
    }

    /// Zeros `[hiddenSize]`, with a leading `batchSize` axis when given.
    public func initialState(batchSize: Int?) -> Tensor {
        addingBatch(Tensor.zeros([hiddenSize]), batchSize)
    }

    /// The two parts of a split in two.
    private func pair(_ parts: [Tensor]) -> (Tensor, Tensor) { (parts[0], parts[1]) }
}

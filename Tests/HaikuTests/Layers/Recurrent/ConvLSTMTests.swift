import Haiku
import Testing

/// `Conv1DLSTM`, `Conv2DLSTM` and `Conv3DLSTM` against real Haiku 0.0.17
/// (`Fixtures/conv_lstm.json`, written by `Scripts/fixtures/conv_lstm.py`):
/// the checks of ``RecurrentTests`` (parameter names, shapes and initial
/// values, initial states, one step, dynamic and static unrolls, every
/// step's state and the parameters' gradient, within the contraction bound
/// of ``RecurrentFixtures/tolerance(_:gradient:)``), for each core alone and
/// two stacked in a `DeepRNN`; then unbatched inputs, the description, and
/// misuse giving a typed error naming the module.
@Suite struct ConvLSTMTests {
    /// The whole fixture file.
    static let file: FixtureValue = fixtureFile("conv_lstm")

    @Test(arguments: file["cases"].keys)
    func coreMatchesHaiku(_ name: String) throws {
        let c = Self.file["cases"][name]
        let check = RecurrentTests.FixtureCheck(name: name, c: c)
        let plain = { (x: Tensor, _: [Tensor]) in x }
        switch c["core"].string {
        case "conv1d_lstm": try check.run({ Conv1DLSTM(inputShape: [5], outputChannels: 3, kernelShape: 3) }, plain)
        case "conv2d_lstm": try check.run({ Conv2DLSTM(inputShape: [4, 3], outputChannels: 2, kernelShape: [3, 2]) }, plain)
        case "conv3d_lstm": try check.run({ Conv3DLSTM(inputShape: [3, 2, 2], outputChannels: 2, kernelShape: 2) }, plain)
        case "deep_conv1d_lstm":
            try check.run({
                DeepRNN([Conv1DLSTM(inputShape: [5], outputChannels: 3, kernelShape: 3), relu,
                         Conv1DLSTM(inputShape: [5], outputChannels: 2, kernelShape: 1)])
            }, plain)
        default: Issue.record("conv_lstm.json names an unknown core \(c["core"].string)")
        }
    }

    /// A step on one unbatched example (`[spatial..., channels]`, state
    /// from `initialState(batchSize: nil)`) equals that example's row of the
    /// batched step (within 1e-6: the convolution may group its sums
    /// otherwise for another batch size; the values are below 1).
    @Test func unbatchedInputIsOneRowOfTheBatch() throws {
        let step = transform { (x: Tensor) -> [Tensor] in
            let core = Conv2DLSTM(inputShape: [4, 3], outputChannels: 2, kernelShape: 3)
            let (output, state) = core(x, core.initialState(batchSize: x.rank == 4 ? x.shape[0] : nil))
            return [output] + state.leaves
        }
        let x = Tensor((0..<48).map { Float($0 % 7) / 7 - 0.4 }, shape: [2, 4, 3, 2])
        let params = try step.initialize(rng: PRNGKey(0), x)
        let batched = try step.apply(params, x)
        let single = try step.apply(params, x[TensorIndex.at(1)])
        #expect(single.map(\.shape) == Array(repeating: [4, 3, 2], count: 3))
        for (row, whole) in zip(single, batched) {
            let difference = try abs(row - whole[TensorIndex.at(1)]).max().scalars(as: Float.self)
            #expect(difference[0] <= 1e-6, "\(difference)")
        }
    }

    @Test func describesItsConfiguration() throws {
        var descriptions: [String] = []
        _ = try transform { () -> [Tensor] in
            descriptions = [Conv1DLSTM(inputShape: [5], outputChannels: 3, kernelShape: 3),
                            Conv3DLSTM(inputShape: [3, 2, 2], outputChannels: 2, kernelShape: [2, 1, 2]),
                            ConvNDLSTM(numSpatialDims: 2, inputShape: [4, 3], outputChannels: 2, kernelShape: 3)]
                .map(\.description)
            return []
        }.apply([:])
        #expect(descriptions == ["Conv1DLSTM(inputShape: [5], outputChannels: 3, kernelShape: 3)",
                                 "Conv3DLSTM(inputShape: [3, 2, 2], outputChannels: 2, kernelShape: [2, 1, 2])",
                                 "ConvNDLSTM(numSpatialDims: 2, inputShape: [4, 3], outputChannels: 2, kernelShape: 3)"])
    }

    /// The message of the error `initialize` throws for one step of a
    /// `Conv2DLSTM` with `outputChannels` on `x` from `state`.
    static func message(outputChannels: Int = 2, _ x: Tensor, _ state: LSTMState) -> String {
        RecurrentErrorTests.message {
            let (output, next) = Conv2DLSTM(inputShape: [4, 3], outputChannels: outputChannels, kernelShape: 3)(x, state)
            return [output] + next.leaves
        }
    }

    static func zeros(_ shape: [Int]) -> LSTMState { LSTMState(hidden: Tensor.zeros(shape), cell: Tensor.zeros(shape)) }

    @Test(arguments: [[2, 4], [], [1, 2, 4, 3, 2]])
    func inputOfTheWrongRank(_ shape: [Int]) {
        let message = Self.message(Tensor.zeros(shape), Self.zeros([2, 4, 3, 2]))
        #expect(Self.file["errors"]["rank"]["message"].string.hasPrefix("Input to ConvND needs to have rank in [3, 4]"))
        #expect(message.contains("conv2_dlstm (Conv2DLSTM): Conv2DLSTM input must be of rank 3 or 4 "
                                 + "([batch,] spatial..., channels), not of shape \(shape)"), "\(message)")
    }

    /// Haiku fails adding the gates (`add got incompatible shapes`); a state
    /// whose spatial dimensions or channels differ from the input's is
    /// named as such, hidden or cell.
    @Test func stateOfAnotherShape() {
        #expect(Self.file["errors"]["state_shape"]["message"].string.hasPrefix("add got incompatible shapes"))
        let spatial = Self.message(Tensor.zeros([2, 4, 4, 2]), Self.zeros([2, 4, 3, 2]))
        #expect(spatial.contains("conv2_dlstm (Conv2DLSTM): the hidden state must have shape [2, 4, 4, 2] "
                                 + "for an input of shape [2, 4, 4, 2], not [2, 4, 3, 2]"), "\(spatial)")
        let cell = Self.message(Tensor.zeros([2, 4, 3, 5]),
                                LSTMState(hidden: Tensor.zeros([2, 4, 3, 2]), cell: Tensor.zeros([2, 4, 3, 3])))
        #expect(cell.contains("conv2_dlstm (Conv2DLSTM): the cell state must have shape [2, 4, 3, 2] "
                              + "for an input of shape [2, 4, 3, 5], not [2, 4, 3, 3]"), "\(cell)")
    }

    /// `4 · outputChannels` gate channels would overflow `Int`.
    @Test func outputChannelsTooLargeForTheGates() {
        let message = Self.message(outputChannels: Int.max, Tensor.zeros([2, 4, 3, 2]), Self.zeros([2, 4, 3, 2]))
        #expect(message.contains("conv2_dlstm (Conv2DLSTM): outputChannels must be between 0 and \(Int.max / 4), "
                                 + "not \(Int.max)"), "\(message)")
    }

    @Test(arguments: [0, -1])
    func noSpatialDimensions(_ numSpatialDims: Int) {
        let message = RecurrentErrorTests.message {
            let core = ConvNDLSTM(numSpatialDims: numSpatialDims, inputShape: [], outputChannels: 2, kernelShape: 3)
            let (output, state) = core(Tensor.zeros([2, 3]), Self.zeros([2, 2]))
            return [output] + state.leaves
        }
        #expect(message.contains("conv_ndlstm (ConvNDLSTM): numSpatialDims must be at least 1, not \(numSpatialDims)"),
                "\(message)")
    }

    /// A kernel shape list of the wrong length (an input of 2 channels: the
    /// failed convolution's poisoned gates have 2 channels, not 4 · 2) is reported by the gate
    /// convolution, named by its path.
    @Test func kernelShapeOfTheWrongLength() {
        let message = RecurrentErrorTests.message {
            let core = Conv2DLSTM(inputShape: [4, 3], outputChannels: 2, kernelShape: [3, 3, 3])
            let (output, state) = core(Tensor.zeros([2, 4, 3, 2]), core.initialState(batchSize: 2))
            return [output] + state.leaves
        }
        #expect(message.contains("conv2_dlstm/input_to_hidden (ConvND): kernel_shape must be a scalar or sequence"),
                "\(message)")
    }
}

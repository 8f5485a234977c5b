import Haiku
import Testing

/// Misused recurrent cores give a typed error naming the module and what
/// was wrong, as Haiku's `ValueError`s do (`Fixtures/recurrent.json`, group
/// "errors"), never a crash.
@Suite struct RecurrentErrorTests {
    /// The message of the error `initialize` throws for `body`.
    static func message(_ body: @escaping () -> [Tensor]) -> String {
        do {
            _ = try transform(body).initialize(rng: PRNGKey(0))
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test(arguments: [[2, 3, 4], []])
    func lstmInputOfTheWrongRank(_ shape: [Int]) {
        let message = Self.message {
            let core = LSTM(3)
            let (output, state) = core(Tensor.zeros(shape), core.initialState(batchSize: 2))
            return [output] + state.leaves
        }
        let haiku = RecurrentFixtures.file["errors"][shape.isEmpty ? "lstm_scalar" : "lstm_rank3"]["message"].string
        #expect(message.contains("lstm (LSTM): " + haiku.dropLast()), "\(message)")
        #expect(message.contains("\(shape)"), "\(message)")
    }

    @Test func skipConnectionsNeedCores() {
        let message = Self.message {
            let core = deepRNNWithSkipConnections([LSTM(3), relu])
            return [core(Tensor.zeros([2, 4]), core.initialState(batchSize: 2)).output]
        }
        #expect(RecurrentFixtures.file["errors"]["skip_non_core"]["message"].string.hasPrefix("skip_connections requires"))
        #expect(message.contains("deep_rnn (DeepRNN): skip connections need every layer to be an RNNCore, but layer 1 is function"),
                "\(message)")
    }

    @Test func resetFlagsMustPrefixTheState() {
        let message = Self.message {
            let core = ResetCore(LSTM(3))
            let (output, state) = core(ResetInputs(Tensor.zeros([2, 4]), shouldReset: Tensor.zeros([3], dtype: .bool)),
                                       core.initialState(batchSize: 2))
            return [output] + state.leaves
        }
        let haiku = RecurrentFixtures.file["errors"]["reset_bad_flags"]["message"].string
        #expect(haiku == "should_reset signal shape (3,) is not compatible with state shape (2, 3)")
        #expect(message.contains("reset_core (ResetCore): should_reset signal shape [3] is not compatible with state shape [2, 3]"),
                "\(message)")
    }

    @Test func resetFlagsOfAnotherStructure() {
        let message = Self.message {
            let core = ResetCore(LSTM(3))
            let (output, state) = core(ResetInputs(Tensor.zeros([2, 4]), shouldReset: [Tensor.zeros([2], dtype: .bool)]),
                                       core.initialState(batchSize: 2))
            return [output] + state.leaves
        }
        #expect(RecurrentFixtures.file["errors"]["reset_flags_structure"]["error"].string == "ValueError")
        #expect(message.contains("reset_core (ResetCore): should_reset must be a tensor or a tree of the state's structure"), "\(message)")
    }

    @Test func deepRNNStateOfTheWrongLength() {
        let message = Self.message {
            let core = DeepRNN([LSTM(3), relu, GRU(2)])
            return [core(Tensor.zeros([2, 4]), Array(core.initialState(batchSize: 2).prefix(1))).output]
        }
        #expect(message.contains("deep_rnn (DeepRNN): the state has 1 entries but there are 2 cores"), "\(message)")
    }

    @Test func deepRNNStateEntryOfAnotherCoresType() {
        let message = Self.message {
            let core = DeepRNN([LSTM(3), GRU(2)])
            let swapped = Array(core.initialState(batchSize: 2).reversed())
            return [core(Tensor.zeros([2, 4]), swapped).output]
        }
        #expect(message.contains("LSTM(hiddenSize: 3): the state is a Tensor, not the core's LSTMState"), "\(message)")
    }

    @Test func dynamicUnrollStateThatChangesShape() throws {
        // An unbatched initial state for batched inputs: the step's state is
        // [2, 3] where the loop carries [3]. (`initialize` runs the first
        // step outside the loop, as Haiku's does, so `apply` finds it.)
        let f = transform { (xs: Tensor) -> Tensor in
            let core = GRU(3)
            return dynamicUnroll(core, xs, core.initialState(batchSize: nil)).outputs
        }
        let xs = Tensor.zeros([4, 2, 5])
        let params = try f.initialize(rng: PRNGKey(0), xs)
        #expect(throws: (any Error).self) { try f.apply(params, xs) }
    }

    @Test func expandApplyAxis() {
        let message = Self.message { [expandApply({ (x: Tensor) in x * 2 }, axis: 1)(Tensor.zeros([3]))] }
        #expect(message.contains("expandApply: axis must be 0 or -1, not 1"), "\(message)")
    }
}

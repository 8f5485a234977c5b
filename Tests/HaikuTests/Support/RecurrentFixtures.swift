import Haiku
import NumericsSupport
import Testing

/// `Fixtures/recurrent.json` (written by `Scripts/fixtures/recurrent.py`
/// from real Haiku) and the cores its cases name.
enum RecurrentFixtures {
    /// The whole file.
    static let file: FixtureValue = fixtureFile("recurrent")

    /// The names of the cases, sorted.
    static let cases: [String] = file["cases"].keys

    /// The batch size of every case.
    static let batchSize = 2

    /// Calls `check` with the case's core (made where it is called: inside
    /// a transform) and the way to build its inputs from the sequence and
    /// the reset flags.
    static func withCore<Check: CoreCheck>(_ core: String, _ check: Check) throws {
        let plain = { (x: Tensor, _: Tensor?) in x }
        switch core {
        case "vanilla": try check.run({ VanillaRNN(3) }, plain)
        case "vanilla_single_bias": try check.run({ VanillaRNN(3, doubleBias: false) }, plain)
        case "lstm": try check.run({ LSTM(3) }, plain)
        case "gru": try check.run({ GRU(3) }, plain)
        case "identity": try check.run({ IdentityCore<Tensor>() }, plain)
        case "deep": try check.run({ DeepRNN([LSTM(3), relu, GRU(2)]) }, plain)
        case "skip": try check.run({ deepRNNWithSkipConnections([LSTM(3), VanillaRNN(2)]) }, plain)
        case "reset":
            try check.run({ ResetCore(LSTM(3)) }, { x, resets in ResetInputs(x, shouldReset: resets ?? Tensor(false)) })
        default: Issue.record("recurrent.json names an unknown core \(core)")
        }
    }

    /// How far a float32 result of an unroll may lie from Haiku's: the
    /// contraction bound of `ContractionTolerance` over the whole chain.
    ///
    /// Length: every step rounds K + 1 times in each weight matrix `w`
    /// ([K, N], a dot product and a bias add), and the steps chain, so L =
    /// T · Σ_w (K_w + 1); a gradient runs the chain forward then back, 2L.
    /// Magnitude (one for every element): each pre-activation is a sum of
    /// at most Σ_w K_w + 1 products of an input or state value with a
    /// parameter, so Σ|aᵢbᵢ| ≤ (Σ_w K_w + 1) · max|a| · max|p|, with
    /// max|a| the largest input, state or output value (all at least 1
    /// for the gates, which lie in [0, 1]). ReLU, tanh and sigmoid change
    /// no error by more than its size, and the LSTM cell adds at most one
    /// such error per step (|c| grows by at most 1 per step), hence the
    /// factor 1 + T. A gradient entry sums T · B such products with the
    /// cotangent, hence the factor T · B · max|cotangent|.
    static func tolerance(_ c: FixtureValue, gradient: Bool = false) -> (ContractionTolerance, Float) {
        let steps = c["x"].fixtureTensor.shape[c["time_major"].bool ? 0 : 1]
        var fanIns = 0
        var weights = 0
        var largestParameter: Float = 0
        let params = c["apply_params"]
        for module in params.keys {
            for name in params[module].keys {
                let value = params[module][name]
                largestParameter = max(largestParameter, value.floats.map(abs).max() ?? 0)
                let shape = value.fixtureTensor.shape
                if shape.count == 2 { fanIns += shape[0]; weights += 1 }
            }
        }
        let values = [c["x"], c["dynamic_outputs"]] + c["dynamic_state"].array
        let largestValue = max(1, values.flatMap(\.floats).map(abs).max() ?? 1)
        var magnitude = Float(fanIns + 1) * largestValue * largestParameter * Float(1 + steps)
        var length = steps * (fanIns + weights)
        if gradient {
            magnitude *= Float(steps * batchSize) * (c["cotangent"].floats.map(abs).max() ?? 1)
            length *= 2
        }
        return (ContractionTolerance(length: max(1, length), orderMatchesReference: false), magnitude)
    }

    /// Checks `tensor` against `expected` within `tolerance` of `magnitude`.
    static func expectClose(_ tensor: Tensor, _ expected: FixtureValue, _ label: String,
                            _ tolerance: (ContractionTolerance, Float), sourceLocation: SourceLocation = #_sourceLocation) {
        expected.expectContraction(tensor, label, tolerance: tolerance.0,
                                   magnitudes: Tensor(tolerance.1).broadcast(to: tensor.shape), sourceLocation: sourceLocation)
    }
}

/// A check run with one of the fixture's cores, whatever its type.
protocol CoreCheck {
    /// Runs the check with cores from `makeCore` and inputs from `makeInputs`
    /// (the sequence, and the reset flags where the case has them).
    func run<Core: RNNCore>(_ makeCore: @escaping () -> Core, _ makeInputs: @escaping (Tensor, Tensor?) -> Core.Input) throws
        where Core.Output == Tensor
}

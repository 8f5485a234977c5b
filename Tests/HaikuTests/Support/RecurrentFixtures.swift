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
    /// the reset flags ("resets", then "cell_resets", those the case has).
    static func withCore<Check: CoreCheck>(_ core: String, _ check: Check) throws {
        let plain = { (x: Tensor, _: [Tensor]) in x }
        switch core {
        case "vanilla": try check.run({ VanillaRNN(3) }, plain)
        case "vanilla_single_bias": try check.run({ VanillaRNN(3, doubleBias: false) }, plain)
        case "lstm": try check.run({ LSTM(3) }, plain)
        case "gru": try check.run({ GRU(3) }, plain)
        case "identity": try check.run({ IdentityCore<Tensor>() }, plain)
        case "deep": try check.run({ DeepRNN([LSTM(3), relu, GRU(2)]) }, plain)
        case "skip": try check.run({ deepRNNWithSkipConnections([LSTM(3), VanillaRNN(2)]) }, plain)
        case "reset":
            try check.run({ ResetCore(LSTM(3)) }, { x, flags in ResetInputs(x, shouldReset: flags.first ?? Tensor(false)) })
        case "reset_per_leaf":
            try check.run({ ResetCore(LSTM(3)) }) { x, flags in
                ResetInputs(x, shouldReset: LSTMState(hidden: flags.first ?? Tensor(false), cell: flags.last ?? Tensor(false)))
            }
        default: Issue.record("recurrent.json names an unknown core \(core)")
        }
    }

    /// How far a float32 result of an unroll may lie from Haiku's: the
    /// contraction bound of `ContractionTolerance` over the whole chain.
    ///
    /// Length: every step rounds K + 1 times for each weight `w` ([K, N], or
    /// a convolution's `kernel + [C, N]` read as [K = kernel · C, N]: a dot
    /// product, at most K terms under SAME padding, and a bias add), and the
    /// steps chain, so L = T · Σ_w (K_w + 1); a gradient runs the chain
    /// forward then back, 2L.
    /// Magnitude (one for every element): a pre-activation sums, for each
    /// `w`, one of its columns times values no larger than the largest
    /// input, state or output value (at least 1, which bounds the gates),
    /// plus a bias, so Σ|aᵢbᵢ| ≤ max|a| · Σ_w max_j Σ_k |w_kj| + Σ_b max|b|.
    /// ReLU, tanh and sigmoid move no error by more than its size; an LSTM
    /// cell adds one such error per step scaled by |c| ≤ T, hence the factor
    /// 1 + T for cores with a cell. A gradient entry sums one product with
    /// the cotangent per output position (T · B, times the spatial size for
    /// a convolutional core), hence that factor times max|cotangent|.
    static func tolerance(_ c: FixtureValue, gradient: Bool = false) -> (ContractionTolerance, Float) {
        let steps = c["x"].fixtureTensor.shape[c["time_major"].bool ? 0 : 1]
        var length = 0
        var weightSum: Float = 0
        var biasSum: Float = 0
        var hasCell = false
        let params = c["apply_params"]
        for module in params.keys {
            hasCell = hasCell || module.contains("lstm")
            for name in params[module].keys {
                let value = params[module][name].fixtureTensor
                let magnitudes = value.values.map { Float(abs($0)) }
                guard value.shape.count >= 2 else { biasSum += magnitudes.max() ?? 0; continue }
                let columns = value.shape[value.shape.count - 1]
                weightSum += (0..<columns).map { j in stride(from: j, to: magnitudes.count, by: columns).map { magnitudes[$0] }.reduce(0, +) }.max() ?? 0
                length += magnitudes.count / columns + 1
            }
        }
        let values = [c["x"], c["dynamic_outputs"]] + c["dynamic_state"].array + c["all_states"].array
        let largestValue = max(1, values.flatMap(\.floats).map(abs).max() ?? 1)
        var magnitude = (largestValue * weightSum + biasSum) * (hasCell ? Float(1 + steps) : 1)
        length *= steps
        if gradient {
            let outputs = c["dynamic_outputs"].fixtureTensor.shape
            magnitude *= Float(outputs.dropLast().reduce(1, *)) * (c["cotangent"].floats.map(abs).max() ?? 1)
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
    /// (the sequence, and the reset flags the case has).
    func run<Core: RNNCore>(_ makeCore: @escaping () -> Core, _ makeInputs: @escaping (Tensor, [Tensor]) -> Core.Input) throws
        where Core.Output == Tensor
}

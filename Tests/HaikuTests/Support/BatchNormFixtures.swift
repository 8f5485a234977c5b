import Haiku

/// `Fixtures/batch_norm.json` (written by `Scripts/fixtures/batch_norm.py`
/// from real Haiku) and the modules its cases describe.
enum BatchNormFixtures {
    /// The whole file.
    static let file: FixtureValue = fixtureFile("batch_norm")

    /// A `{module: {name: tensor}}` bundle of the fixture as parameters or state.
    static func bundle(_ value: FixtureValue) -> Params {
        var result: Params = [:]
        for module in value.keys { for name in value[module].keys { result[module, default: [:]][name] = value[module][name].tensor } }
        return result
    }

    /// The ``BatchNorm`` a case's `args` describe (Swift names; `scaleInit`
    /// and `offsetInit` are constants).
    static func batchNorm(_ args: FixtureValue) -> BatchNorm {
        guard case let .object(a) = args else { fatalError("args must be an object") }
        return BatchNorm(createScale: a["createScale"]?.bool ?? false, createOffset: a["createOffset"]?.bool ?? false,
                         decayRate: a["decayRate"]?.double ?? 0, eps: a["eps"]?.double ?? 1e-5,
                         scaleInit: a["scaleInit"].map { Constant($0.double) }, offsetInit: a["offsetInit"].map { Constant($0.double) },
                         axis: a["axis"]?.ints, crossReplicaAxis: a["crossReplicaAxis"]?.string,
                         crossReplicaAxisIndexGroups: a["crossReplicaAxisIndexGroups"]?.array.map(\.ints),
                         dataFormat: a["dataFormat"].map { DataFormat($0.string) } ?? .channelsLast)
    }

    /// The ``ExponentialMovingAverage`` arguments of a case's `args`.
    static func emaArguments(_ args: FixtureValue) -> (decay: Double, zeroDebias: Bool, warmupLength: Int) {
        guard case let .object(a) = args else { fatalError("args must be an object") }
        return (a["decay"]?.double ?? 0, a["zeroDebias"]?.bool ?? true, a["warmupLength"]?.int ?? 0)
    }
}

import Haiku
import Testing

/// `Fixtures/mobilenet.json` and `Fixtures/vector_quantizer.json` (written
/// by `Scripts/fixtures/mobilenet_vq.py` from real Haiku) and the closeness
/// check their float results need.
enum NetsFixtures {
    /// `Fixtures/mobilenet.json`.
    static let mobileNet: FixtureValue = fixtureFile("mobilenet")
    /// `Fixtures/vector_quantizer.json`.
    static let vectorQuantizer: FixtureValue = fixtureFile("vector_quantizer")

    /// Checks float32 `tensor`, a result that passed through contractions
    /// and reductions, against the fixture tensor `expected`: the same
    /// dtype and shape, and every element within `rtol` times the largest
    /// expected magnitude (the scale every element's rounding errors are
    /// relative to, so that cancellation does not shrink the bound) plus `atol`.
    static func expectClose(_ tensor: Tensor, _ expected: FixtureValue, _ label: String, rtol: Float, atol: Float = 1e-7,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        let reference = expected.fixtureTensor
        #expect(tensor.dtype == reference.dtype && tensor.shape == reference.shape,
                "\(label): \(tensor.type) vs \(reference.dtype)\(reference.shape)", sourceLocation: sourceLocation)
        guard let values = try? tensor.scalars(as: Float.self) else {
            Issue.record("\(label): not readable as float32", sourceLocation: sourceLocation)
            return
        }
        let scale = reference.values.map { Swift.abs(Float($0)) }.max() ?? 0
        let bound = atol + rtol * scale
        let worst = zip(values, reference.values).map { Swift.abs($0 - Float($1)) }.max() ?? 0
        #expect(values.count == reference.values.count && worst <= bound,
                "\(label): differs by \(worst) > \(bound): \(values) vs \(reference.values)", sourceLocation: sourceLocation)
    }

    /// ``expectClose(_:_:_:rtol:atol:sourceLocation:)`` for every value of
    /// a parameter or state bundle, after checking the names; integer
    /// values (counters) exactly.
    static func expectClose(_ bundles: Params, _ expected: FixtureValue, _ label: String,
                            rtol: Float, sourceLocation: SourceLocation = #_sourceLocation) {
        let names = bundles.flatMap { module, values in values.keys.map { "\(module)/\($0)" } }.sorted()
        let expectedNames = expected.keys.flatMap { module in expected[module].keys.map { "\(module)/\($0)" } }.sorted()
        #expect(names == expectedNames, "\(label): names", sourceLocation: sourceLocation)
        for module in expected.keys {
            for name in expected[module].keys {
                guard let value = bundles[module]?[name] else { continue }
                let reference = expected[module][name]
                if value.dtype.isInteger {
                    reference.expectTensor(value, "\(label) \(module)/\(name)", sourceLocation: sourceLocation)
                } else {
                    expectClose(value, reference, "\(label) \(module)/\(name)", rtol: rtol, sourceLocation: sourceLocation)
                }
            }
        }
    }
}

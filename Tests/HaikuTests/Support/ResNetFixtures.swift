import Foundation
import Haiku
import Testing

/// `Fixtures/resnet.json` (written by `Scripts/fixtures/resnet.py` from
/// real Haiku) and what the ResNet tests compute the same way as the script.
enum ResNetFixtures {
    /// The whole file.
    static let file: FixtureValue = fixtureFile("resnet")

    /// The script's inputs: element `i` is `((7919 i + seed) mod 1999) / 999.5 - 1`,
    /// as float32 (exact on both sides).
    static func pattern(_ shape: [Int], seed: Int) -> Tensor {
        let count = shape.reduce(1, *)
        let values = (0..<count).map { Float(Double((7919 * $0 + seed) % 1999) / 999.5 - 1) }
        return Tensor(values, shape: shape)
    }

    /// Every parameter and state value `make()`'s network creates on zeros
    /// of `shape` in training mode, in creation order, as the script's
    /// lines `"param|state module/name 7x7x3x64"`; shapes only (nothing runs).
    static func creationLines(_ shape: [Int], _ make: @escaping () -> ResNet) throws -> [String] {
        var lines: [String] = []
        func recorder(_ kind: String) -> Creator {
            { next, shape, dtype, initializer, context in
                lines.append("\(kind) \(context.fullName) \(shape.map(String.init).joined(separator: "x"))")
                return next(shape, dtype, initializer)
            }
        }
        let f = transformWithState { (x: Tensor) in
            customCreator(recorder("param"), params: true, state: false) {
                customCreator(recorder("state"), params: false, state: true) { make()(x, isTraining: true) }
            }
        }
        _ = try evalShape({ (x: Tensor) in try f.initialize(rng: PRNGKey(0), x).params }, Tensor.zeros(shape))
        return lines
    }

    /// Checks `tensor` against the script's digest `expected` (see
    /// resnet.py): the shape exactly; the sum, the cosine-weighted sum, the
    /// norm and the first values within `relative` of their scale (the sum
    /// of absolute values for sums, the norm, the largest magnitude).
    static func expectDigest(_ tensor: Tensor?, _ expected: FixtureValue, _ label: String, relative: Double,
                             sourceLocation: SourceLocation = #_sourceLocation) {
        guard let tensor else { Issue.record("\(label): missing", sourceLocation: sourceLocation); return }
        #expect([tensor.shape.reduce(1, *)] == expected["shape"].ints || tensor.shape == expected["shape"].ints,
                "\(label): shape \(tensor.shape)", sourceLocation: sourceLocation)
        let values: [Double]
        do {
            values = tensor.dtype == .float64 ? try tensor.scalars(as: Double.self)
                : try tensor.converted(to: .float32).scalars(as: Float.self).map(Double.init)
        } catch {
            Issue.record("\(label): reading the tensor threw \(error)", sourceLocation: sourceLocation)
            return
        }
        let sum = values.reduce(0, +), absSum = values.reduce(0) { $0 + abs($1) }
        let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let weighted = values.enumerated().reduce(0) { $0 + $1.element * cos(Double($1.offset)) }
        let maxAbs = values.map(abs).max() ?? 0
        let checks: [(String, Double, Double, Double)] = [
            ("sum", sum, expected["sum"].double, expected["abs_sum"].double),
            ("abs_sum", absSum, expected["abs_sum"].double, expected["abs_sum"].double),
            ("weighted", weighted, expected["weighted"].double, expected["abs_sum"].double),
            ("norm", norm, expected["norm"].double, expected["norm"].double),
            ("max_abs", maxAbs, expected["max_abs"].double, expected["max_abs"].double),
        ] + zip(values, expected["head"].array).enumerated().map { index, pair in
            ("head[\(index)]", pair.0, pair.1.double, expected["max_abs"].double)
        }
        for (name, got, want, scale) in checks {
            #expect(abs(got - want) <= relative * scale, "\(label) \(name): \(got), Haiku \(want) (scale \(scale))",
                    sourceLocation: sourceLocation)
        }
    }

    /// Checks every value of `bundles` against the digests `expected`
    /// (`{"module/name": digest}`), and that the names are the same.
    static func expectDigests(_ bundles: Params, _ expected: FixtureValue, _ label: String,
                              relative: Double, sourceLocation: SourceLocation = #_sourceLocation) {
        let names = bundles.flatMap { module, values in values.keys.map { "\(module)/\($0)" } }.sorted()
        #expect(names == expected.keys, "\(label): names", sourceLocation: sourceLocation)
        for name in expected.keys {
            let split = name.lastIndex(of: "/").map { (String(name[..<$0]), String(name[name.index(after: $0)...])) }
            expectDigest(split.flatMap { bundles[$0.0]?[$0.1] }, expected[name], "\(label) \(name)", relative: relative,
                         sourceLocation: sourceLocation)
        }
    }
}

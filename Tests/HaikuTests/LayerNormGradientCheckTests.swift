import Foundation
import Haiku
import Testing

/// The gradients of LayerNorm, InstanceNorm, GroupNorm and RMSNorm with
/// respect to the input, the scale and the offset (created parameters or
/// passed at call time) against float64 central finite differences.
///
/// The loss is `sum(output * cotangent)` with random inputs; a central
/// difference with step h = 1e-5 is off by O(h²)·|L'''| (≈ 1e-10 here) plus
/// rounding of about 1e-16·|L|/h (≈ 1e-10), so the tolerance is
/// 1e-6 · (1 + |gradient|), far below any real error in a pullback.
@Suite struct LayerNormGradientCheckTests {
    /// A module call, made inside the transform.
    typealias Make = () -> LayerNormFixtures.Call

    static var cases: [(String, Make, [Int], scale: [Int]?, offset: [Int]?)] { [
        ("LayerNorm", { let m = LayerNorm(axis: [1, 2], createScale: true, createOffset: true, paramAxis: 1...)
            return { m($0, scale: $1, offset: $2) } }, [2, 3, 4], nil, nil),
        ("LayerNorm fast variance, external", { let m = LayerNorm(axis: -1, createScale: false, createOffset: false,
                                                                useFastVariance: true)
            return { m($0, scale: $1, offset: $2) } }, [3, 5], [5], [3, 5]),
        ("InstanceNorm", { let m = InstanceNorm(createScale: true, createOffset: true, dataFormat: .nchw)
            return { m($0, scale: $1, offset: $2) } }, [2, 2, 3, 2], nil, nil),
        ("GroupNorm", { let m = GroupNorm(groups: 2)
            return { m($0, scale: $1, offset: $2) } }, [2, 3, 4], nil, nil),
        ("GroupNorm external, channels first", { let m = GroupNorm(groups: 3, createScale: false, createOffset: false,
                                                                   dataFormat: .channelsFirst)
            return { m($0, scale: $1, offset: $2) } }, [2, 6, 2], [6, 1], [2, 6, 2]),
        ("RMSNorm", { let m = RMSNorm(axis: [-2, -1], paramAxis: [1, 2])
            return { x, _, _ in m(x) } }, [2, 3, 4], nil, nil),
    ] }

    static func random(_ shape: [Int], seed: Int, shift: Double = 0) -> Tensor {
        normal(PRNGKey(seed), shape, dtype: .float64) + shift
    }

    @Test(arguments: 0..<6)
    func gradientsMatchCentralDifferences(_ index: Int) throws {
        try #require(Self.cases.count == 6)
        let (label, make, shape, scaleShape, offsetShape) = Self.cases[index]
        try Configuration.withX64 {
            let f = transform { (x: Tensor, scale: Tensor?, offset: Tensor?) in make()(x, scale, offset) }
            var point: Params = ["input": ["x": Self.random(shape, seed: 1, shift: 0.5)]]
            if let scaleShape { point["input"]?["scale"] = Self.random(scaleShape, seed: 2, shift: 1) }
            if let offsetShape { point["input"]?["offset"] = Self.random(offsetShape, seed: 3) }
            let input = point["input"] ?? [:]
            let initial = try f.initialize(rng: PRNGKey(0), input["x"]!, input["scale"], input["offset"])
            // Random parameter values, so that every gradient term matters.
            for (module, values) in initial {
                for (name, value) in values {
                    point[module, default: [:]][name] = value + Self.random(value.shape, seed: 4) * 0.3
                }
            }
            #expect(point.count > 1 || scaleShape != nil, "\(label): no scale or offset")
            let output = try f.apply(initial, rng: nil, input["x"]!, input["scale"], input["offset"])
            let cotangent = Self.random(output.shape, seed: 5)
            let loss = jit { (point: Params) -> Tensor in
                var params = point
                let input = params.removeValue(forKey: "input") ?? [:]
                let output = (try? f.apply(params, rng: nil, input["x"]!, input["scale"], input["offset"]))
                    ?? Tensor(Double.nan)
                return (output * cotangent).sum()
            }
            let gradients = try jit { (point: Params) in grad { (point: Params) in try! loss(point) }(point) }(point)
            let step = 1e-5
            for (module, values) in point {
                for (name, value) in values {
                    let analytic = try #require(gradients[module]?[name]).scalars(as: Double.self)
                    var entries = try value.scalars(as: Double.self)
                    for element in entries.indices {
                        let original = entries[element]
                        func at(_ delta: Double) throws -> Double {
                            entries[element] = original + delta
                            var moved = point
                            moved[module]?[name] = Tensor(entries, shape: value.shape, dtype: .float64)
                            return try loss(moved).scalars(as: Double.self)[0]
                        }
                        let numeric = (try at(step) - at(-step)) / (2 * step)
                        entries[element] = original
                        #expect(abs(numeric - analytic[element]) <= 1e-6 * (1 + abs(analytic[element])),
                                "\(label) d \(module)/\(name)[\(element)]: \(analytic[element]) vs \(numeric)")
                    }
                }
            }
        }
    }
}

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
/// LayerNorm and InstanceNorm use a closed-form derivative with respect to
/// the input (not autodiff of their formula): these checks prove it, and
/// its own derivative, correct.
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
        // A call-time scale that broadcasts the result beyond the input takes
        // plain autodiff, not the closed form (Normalization.layerNormalized).
        ("LayerNorm external, scale wider than the input", { let m = LayerNorm(axis: -1, createScale: false,
                                                                              createOffset: false)
            return { m($0, scale: $1, offset: $2) } }, [3, 5], [2, 3, 5], [5]),
    ] }

    static func random(_ shape: [Int], seed: Int, shift: Double = 0) -> Tensor {
        normal(PRNGKey(seed), shape, dtype: .float64) + shift
    }

    @Test(arguments: 0..<7)
    func gradientsMatchCentralDifferences(_ index: Int) throws {
        try #require(Self.cases.count == 7)
        let (label, make, shape, scaleShape, offsetShape) = Self.cases[index]
        try Configuration.withX64 {
            let (loss, point) = try Self.loss(make, shape, scaleShape, offsetShape)
            #expect(point.count > 1 || scaleShape != nil, "\(label): no scale or offset")
            try Self.expectGradientMatchesCentralDifferences(of: loss, at: point, label)
        }
    }

    /// The second derivative through LayerNorm's closed-form derivative (and
    /// InstanceNorm's, the same code): the gradient of
    /// `sum(gradient(loss) · w)`, a Hessian-vector product, against central
    /// differences of that sum. JAX differentiates Haiku's LayerNorm twice,
    /// so this must work here too.
    @Test(arguments: [0, 1, 2])
    func secondDerivativesMatchCentralDifferences(_ index: Int) throws {
        let (label, make, shape, scaleShape, offsetShape) = Self.cases[index]
        try Configuration.withX64 {
            let (loss, point) = try Self.loss(make, shape, scaleShape, offsetShape)
            let direction = point.mapValues { $0.mapValues { Self.random($0.shape, seed: 6) } }
            let slope = jit { (point: Params) -> Tensor in
                let gradients = grad { (point: Params) in try! loss(point) }(point)
                var total = Tensor(0.0)
                for (module, values) in direction {
                    for (name, w) in values {
                        let gradient: Tensor = gradients[module]?[name] ?? Tensor(Double.nan)
                        total = total + (gradient * w).sum()
                    }
                }
                return total
            }
            try Self.expectGradientMatchesCentralDifferences(of: { try slope($0) }, at: point, "\(label) second derivative")
        }
    }

    /// The loss `sum(output · cotangent)` of case `make`, compiled, and the
    /// point to differentiate it at: random inputs (`"input"`: `x`, and the
    /// call-time scale and offset when their shapes are given) and random
    /// parameter values, so that every gradient term matters.
    static func loss(_ make: @escaping Make, _ shape: [Int], _ scaleShape: [Int]?, _ offsetShape: [Int]?)
        throws -> (loss: (Params) throws -> Tensor, point: Params) {
        let f = transform { (x: Tensor, scale: Tensor?, offset: Tensor?) in make()(x, scale, offset) }
        var point: Params = ["input": ["x": random(shape, seed: 1, shift: 0.5)]]
        if let scaleShape { point["input"]?["scale"] = random(scaleShape, seed: 2, shift: 1) }
        if let offsetShape { point["input"]?["offset"] = random(offsetShape, seed: 3) }
        let input = point["input"] ?? [:]
        let initial = try f.initialize(rng: PRNGKey(0), input["x"]!, input["scale"], input["offset"])
        for (module, values) in initial {
            for (name, value) in values {
                point[module, default: [:]][name] = value + random(value.shape, seed: 4) * 0.3
            }
        }
        let output = try f.apply(initial, rng: nil, input["x"]!, input["scale"], input["offset"])
        let cotangent = random(output.shape, seed: 5)
        let loss = jit { (point: Params) -> Tensor in
            var params = point
            let input = params.removeValue(forKey: "input") ?? [:]
            let output = (try? f.apply(params, rng: nil, input["x"]!, input["scale"], input["offset"]))
                ?? Tensor(Double.nan)
            return (output * cotangent).sum()
        }
        return ({ try loss($0) }, point)
    }

    /// Checks `grad(function)` at `point` against float64 central
    /// differences of `function`, entry by entry.
    static func expectGradientMatchesCentralDifferences(of function: @escaping (Params) throws -> Tensor,
                                                        at point: Params, _ label: String) throws {
        let gradients = try jit { (point: Params) in grad { (point: Params) in try! function(point) }(point) }(point)
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
                        return try function(moved).scalars(as: Double.self)[0]
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

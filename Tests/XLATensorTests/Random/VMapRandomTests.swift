import Foundation
import Testing
@testable import XLATensor

/// `vmap` over batches of keys against JAX 0.11.2's vmapped samplers, and
/// per-example gradients against `jax.vmap(jax.grad(loss))` (fixture from
/// Scripts/fixtures/vmap.py), on the default plugin: samplers bit for bit,
/// in both threefry split modes, with keys from `split(key, 3)` stacked,
/// from `split(key, shape: [3])`, and nested over `split(key, shape: [2, 3])`.
@Suite struct VMapRandomTests {
    struct Sampler: Decodable, Sendable, CustomTestStringConvertible {
        let function: String
        let seed: Int
        let partitionable: Bool
        let batched: RandomTests.Output
        let nested: RandomTests.Output

        var testDescription: String { "\(function)(\(seed))\(partitionable ? " partitionable" : "")" }
    }

    struct Gradient: Decodable, Sendable {
        let shape: [Int]
        let values: [Double]
    }

    struct Fixture: Decodable, Sendable {
        let samplers: [Sampler]
        let gradients: [String: Gradient]
    }

    static let fixture: Fixture = loadFixture("vmap")

    /// The per-example sampler a fixture case names (as in vmap.py).
    static func sampler(_ name: String) -> (PRNGKey) -> Tensor {
        let logits = Tensor([0.1, 0.5, -1.0, 2.0])
        switch name {
        case "uniform": return { uniform($0, [4]) }
        case "normal": return { normal($0, [2, 3]) }
        case "bernoulli": return { bernoulli($0, p: 0.3, shape: [5]) }
        case "randint": return { randint($0, [5], minval: 0, maxval: 10) }
        case "permutation": return { permutation($0, 6) }
        case "permutationArray": return { permutation($0, Tensor((0..<8).map { Double($0) }, shape: [4, 2])) }
        case "choice": return { choice($0, 5, shape: [3], replace: true) }
        case "choiceWithoutReplacement": return { choice($0, 5, shape: [3], replace: false) }
        case "categorical": return { categorical($0, logits, shape: [3]) }
        case "categoricalWithoutReplacement": return { categorical($0, logits, shape: [2], replace: false) }
        case "truncatedNormal": return { truncatedNormal($0, Tensor(-1.0), Tensor(2.0), [4]) }
        case "split": return { split($0, shape: [2]).data }
        default: fatalError("unknown sampler \(name)")
        }
    }

    func expectEqual(_ tensor: Tensor, _ expected: RandomTests.Output, _ how: String) throws {
        #expect(tensor.shape == expected.shape, "\(how): shape")
        #expect("\(tensor.dtype)" == expected.dtype || (tensor.dtype == .bool && expected.dtype == "bool"), "\(how): dtype \(tensor.dtype)")
        #expect(try RandomTests.bits(tensor) == expected.bits, "\(how): values differ")
    }

    @Test(arguments: fixture.samplers)
    func batchedKeysMatchJAX(_ c: Sampler) throws {
        try Configuration.withThreefryPartitionable(c.partitionable) {
            let key = PRNGKey(c.seed)
            let f = Self.sampler(c.function)
            let stacked = PRNGKey(data: stack(split(key, 3).map(\.data)))
            try expectEqual(vmap(f)(stacked), c.batched, "split(key, 3) stacked")
            try expectEqual(vmap(f)(split(key, shape: [3])), c.batched, "split(key, shape: [3])")
            try expectEqual(try jit { (keys: PRNGKey) in vmap(f)(keys) }(split(key, shape: [3])), c.batched, "under jit")
            try expectEqual(vmap(vmap(f))(split(key, shape: [2, 3])), c.nested, "nested over split(key, shape: [2, 3])")
        }
    }

    /// `scale * sin(i + offset)` for i = 0, 1, ... (vmap.py's `values`).
    static func values(_ shape: [Int], _ scale: Double, _ offset: Double) -> Tensor {
        let count = shape.reduce(1, *)
        return Tensor((0..<count).map { Float(scale * sin(Double($0) + offset)) }, shape: shape)
    }

    @Test func perExampleGradientsMatchJAX() throws {
        let params = ["w1": Self.values([3, 4], 0.5, 0), "b1": Self.values([4], 0.1, 1),
                      "w2": Self.values([4, 2], 0.5, 2), "b2": Self.values([2], 0.1, 3)]
        let (xs, ys) = (Self.values([3, 3], 1, 4), Self.values([3, 2], 1, 5))
        let loss = { (p: [String: Tensor], x: Tensor, y: Tensor) -> Tensor in
            let hidden = tanh(matmul(x, p["w1"]!) + p["b1"]!)
            let error = matmul(hidden, p["w2"]!) + p["b2"]! - y
            return (error * error).mean()
        }
        let perExample = vmap({ (batch: [Tensor]) in
            grad({ (p: [String: Tensor]) in loss(p, batch[0], batch[1]) })(params)
        })([xs, ys])
        for (name, expected) in Self.fixture.gradients {
            let actual = try #require(perExample[name])
            #expect(actual.shape == expected.shape, "\(name)")
            let values = try actual.scalars(as: Float.self)
            for (a, e) in zip(values, expected.values) {
                #expect(abs(Double(a) - e) <= 1e-6 * max(abs(e), 1e-3), "\(name): \(a) vs \(e)")
            }
        }
    }
}

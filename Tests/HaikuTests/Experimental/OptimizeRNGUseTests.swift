@testable import Haiku
import Testing

/// `optimizeRNGUse` against Haiku's `optimize_rng_use` on `MLP([3, 2])`
/// initialized with key 42 (`Fixtures/visualization.json`): one split for
/// both random weights gives Haiku's values, which differ from the plain
/// run's in the second layer. Truncated-normal values pass through no
/// contraction; they are compared to 1e-6 (float32 through `erf_inv`).
@Suite struct OptimizeRNGUseTests {
    let fixture: VisualizationFixture
    let x = Tensor.ones([1, 1])

    init() throws {
        fixture = try VisualizationFixture.load()
    }

    @Test func parametersMatchHaiku() throws {
        let optimized = transform { (x: Tensor) in try optimizeRNGUse { MLP([3, 2])(x) } }
        try Self.expect(try optimized.initialize(rng: PRNGKey(42), x), equal: fixture.optimizedRNGParams)
        let plain = transform { (x: Tensor) in MLP([3, 2])(x) }
        try Self.expect(try plain.initialize(rng: PRNGKey(42), x), equal: fixture.plainRNGParams)
        #expect(fixture.optimizedRNGParams["mlp/~/linear_1/w"] != fixture.plainRNGParams["mlp/~/linear_1/w"])
    }

    /// The counting run draws nothing for real: the keys drawn inside and
    /// after are those of a manual reservation of the two counted keys,
    /// not those of the run without it.
    @Test func theCountingRunHasNoEffect() throws {
        let draws = { () -> [Tensor] in [nextRNGKey().data, nextRNGKey().data] }
        let optimized = transform { () -> [Tensor] in try optimizeRNGUse(draws) + [nextRNGKey().data] }
        let manual = transform { () -> [Tensor] in
            reserveRNGKeys(2)
            return draws() + [nextRNGKey().data]
        }
        let plain = transform { () -> [Tensor] in draws() + [nextRNGKey().data] }
        let bits = { (keys: [Tensor]) throws -> [[UInt32]] in try keys.map { try $0.scalars(as: UInt32.self) } }
        let drawn = try bits(optimized.apply([:], rng: PRNGKey(1)))
        #expect(drawn == (try bits(manual.apply([:], rng: PRNGKey(1)))))
        #expect(drawn != (try bits(plain.apply([:], rng: PRNGKey(1)))))
    }

    @Test func outsideATransformItJustRuns() throws {
        #expect(try optimizeRNGUse { 3 } == 3)
    }

    static func expect(_ params: Params, equal expected: [String: [Double]]) throws {
        let flat = DataStructures.traverse(params).map { ("\($0.module)/\($0.name)", $0.value) }
        #expect(flat.map(\.0).sorted() == expected.keys.sorted())
        for (name, value) in flat {
            let values = try value.scalars(as: Float.self)
            let reference = expected[name] ?? []
            #expect(values.count == reference.count, "\(name)")
            for (got, want) in zip(values, reference) {
                #expect(abs(Double(got) - want) <= 1e-6, "\(name): \(got) vs \(want)")
            }
        }
    }
}

import Haiku
import Testing

/// The ops `grad` and `vmap` emit carry the primal op's module path in
/// their StableHLO locations, wrapped as JAX's name stack wraps it (jax
/// 0.11.2 writes `jvp(mlp)/linear_0/dot_general` for the forward pass of a
/// Haiku MLP's gradient, `transpose(jvp(mlp))/linear_0/dot_general` for its
/// backward pass and `vmap(mlp)/linear_0/dot_general` under `vmap`; see
/// Scripts/fixtures/transformed_locations.py). Haiku for Swift's paths keep
/// Haiku's `~` (`mlp/~/linear_0`).
@Suite struct TransformedLocationsTests {
    static let x = Tensor.ones([2, 5])
    static var mlp: Transformed<Tensor, Tensor> { transform { (x: Tensor) in MLP([4, 3])(x) } }

    /// The location names of the program's `dot_general` ops, one per op.
    static func dotLocations(_ text: String) throws -> [String] {
        try text.split(separator: "\n").filter { $0.contains("stablehlo.dot_general") }.map { line in
            let match = try #require(line.firstMatch(of: /loc\("([^"]*)"\)/), "no location in \(line)")
            return String(match.1)
        }
    }

    @Test func everyDotOfAnMLPsGradientNamesItsModule() throws {
        let params = try Self.mlp.initialize(rng: PRNGKey(0), Self.x)
        let gradient = jit { (params: Params, x: Tensor) in
            try grad { (params: Params) in try Self.mlp.apply(params, x).sum() }(params)
        }
        let locations = try Self.dotLocations(try gradient.lower(params, Self.x).stableHLO())
        // As JAX: the first layer's forward product (the last one's is dead: only the gradient is returned),
        // then per layer the weight's gradient, and the input's but for the first layer.
        #expect(Set(locations) == [
            "jvp(mlp)/~/linear_0/dot_general",
            "transpose(jvp(mlp))/~/linear_0/dot_general", "transpose(jvp(mlp))/~/linear_1/dot_general",
        ], "\(locations)")
        #expect(locations.count == 4, "\(locations)")
        // The gradient is still right: d(sum)/db of the last layer is the batch size.
        let last = try #require(try gradient(params, Self.x)["mlp/~/linear_1"]?["b"])
        #expect(try last.scalars(as: Float.self) == [2, 2, 2])
    }

    @Test func vmapNamesItsOpsAfterTheModule() throws {
        let params = try Self.mlp.initialize(rng: PRNGKey(0), Self.x)
        let batched = jit { (params: Params, x: Tensor) in
            try vmap { (x: Tensor) in try Self.mlp.apply(params, x) }(x)
        }
        let locations = try Self.dotLocations(try batched.lower(params, Self.x).stableHLO())
        #expect(locations == ["vmap(mlp)/~/linear_0/dot_general", "vmap(mlp)/~/linear_1/dot_general"], "\(locations)")
    }

    /// A loop's pullback is part of the one backward pass: its ops (the
    /// body's forward ops it recomputes too) are under
    /// `transpose(jvp(cell))`, a forward loop's under `jvp(cell)`, never
    /// nested deeper (as `transpose(jvp(jvp(cell)))`).
    @Test func aLoopsPullbackBelongsToTheBackwardPass() throws {
        let gradient = jit { (xs: Tensor) in
            grad { (xs: Tensor) in
                scan(Tensor.zeros([3]), xs) { h, x in
                    let next = namedScope("cell") { tanh(x * h + x) }
                    return (next, next)
                }.ys.sum()
            }(xs)
        }
        let text = try gradient.lower(Tensor.ones([4, 3])).stableHLO()
        let names = text.matches(of: /loc\("([^"]*cell[^"]*)"\)/).map { String($0.1) }
        #expect(names.contains { $0.hasPrefix("transpose(jvp(cell))/") }, "\(names)")
        #expect(names.allSatisfy { $0.hasPrefix("jvp(cell)/") || $0.hasPrefix("transpose(jvp(cell))/") }, "\(names)")
    }

    /// Ops outside any module keep JAX's empty transformation: the loss's
    /// gradient seed is under `transpose(jvp())`.
    @Test func unscopedOpsOfTheBackwardPassAreNamedAfterTheTransformation() throws {
        let gradient = jit { (x: Tensor) in grad { (x: Tensor) in (x * x).sum() }(x) }
        let text = try gradient.lower(Self.x).stableHLO()
        #expect(text.contains("loc(\"transpose(jvp())/"), "\(text)")
    }
}

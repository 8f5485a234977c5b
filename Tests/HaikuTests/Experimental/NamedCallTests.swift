import Haiku
import Testing

/// Ops a module's method traces carry the module's path into their
/// StableHLO locations (`loc("mlp/~/linear_0/dot_general")`), and
/// `namedCall` names the ops of a function; the programs still compile.
@Suite struct NamedCallTests {
    static let x = Tensor.ones([2, 3])

    /// The StableHLO of `model` applied under `jit`, and its output.
    static func lowered(_ model: Transformed<Tensor, Tensor>) throws -> (text: String, output: Tensor) {
        let params = try model.initialize(rng: PRNGKey(0), x)
        let apply = jit { (params: Params, x: Tensor) in try model.apply(params, x) }
        return (try apply.lower(params, x).stableHLO(), try apply(params, x))
    }

    @Test func moduleOpsAreNamedAfterTheModulePath() throws {
        let (text, output) = try Self.lowered(transform { (x: Tensor) in MLP([4, 2])(x) })
        for name in ["mlp/~/linear_0/dot_general", "mlp/~/linear_1/dot_general", "mlp/~/linear_0/add"] {
            #expect(text.contains("loc(\"\(name)\")"), "no \(name) in \(text)")
        }
        // The activation between the layers runs in the MLP's own method.
        #expect(text.ranges(of: "loc(\"mlp/").count > text.ranges(of: "loc(\"mlp/~/").count, "\(text)")
        #expect(output.shape == [2, 2])
    }

    @Test func namedCallNamesItsOps() throws {
        let (text, _) = try Self.lowered(transform { (x: Tensor) in
            try namedCall({ (x: Tensor) in tanh(x) }, name: "squash")(Linear(3)(x))
        })
        #expect(text.contains("loc(\"squash/tanh\")"), "\(text)")
        #expect(text.contains("loc(\"linear/dot_general\")"), "\(text)")
    }

    /// Outside any module or named call, ops have no location.
    @Test func unscopedOpsHaveNoLocation() throws {
        let (text, _) = try Self.lowered(transform { (x: Tensor) in tanh(x) })
        #expect(!text.contains("loc("), "\(text)")
    }
}

import Testing
import XLAIR

/// A pass that rewrites an instruction keeps its name scope, so the
/// rewritten ops still name their module in StableHLO locations.
@Suite struct PassNameScopeTests {
    /// The scope of every instruction of `main`'s body after `passes`.
    func scopes(after passes: [any Pass], _ build: (FunctionBuilder) throws -> [Value]) throws -> [String: String?] {
        let builder = FunctionBuilder()
        var program = Program(functions: [builder.finish(returning: try build(builder))])
        try PassManager(passes, verifiesAfterEachPass: true).run(&program)
        return Dictionary(program.functions[0].body.instructions.map { ($0.op.name, $0.nameScope) }) { first, _ in first }
    }

    @Test func constantFoldingKeepsTheScope() throws {
        let scopes = try scopes(after: [ConstantFolding(), DeadCodeElimination()]) { builder in
            let one = builder.constant(Literal([Int32(1)], shape: []))
            return try builder.append(.add, [one, one], nameScope: "mlp/~/linear_0")
        }
        #expect(scopes == ["constant": "mlp/~/linear_0"])
    }

    @Test func sliceOfDotGivesTheSliceAndProductTheirScopes() throws {
        let scopes = try scopes(after: [SliceOfDot(), DeadCodeElimination()]) { builder in
            let x = builder.parameter(TensorType(.float32, [4, 8]))
            let w = builder.parameter(TensorType(.float32, [6, 8]))
            let product = try builder.append(.dotGeneral, [x, w], attributes: [
                "lhs_contracting_dimensions": .ints([1]), "rhs_contracting_dimensions": .ints([1]),
            ], nameScope: "dense")[0]
            return try builder.append(.slice, [product], attributes: [
                "start_indices": .ints([0, 2]), "limit_indices": .ints([4, 5]),
            ], nameScope: "head")
        }
        #expect(scopes == ["slice": "head", "dot_general": "dense"])
    }
}

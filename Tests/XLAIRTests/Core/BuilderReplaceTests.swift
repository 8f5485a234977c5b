import Testing
import XLAIR

/// `FunctionBuilder.replace`: the replacement goes where the instruction
/// was and keeps its results; a bad replacement is an error that leaves the
/// function as it was.
@Suite struct BuilderReplaceTests {
    @Test func replacementTakesThePlaceAndResultsOfTheInstruction() throws {
        let builder = FunctionBuilder()
        let x = builder.parameter(TensorType(.float32, [3]))
        let a = try builder.apply(.exp, x)
        let b = try builder.apply(.add, a, a)
        let original = try #require(builder.definition(of: a))
        try builder.replace(original) {
            let one = builder.constant(Literal.splat(.float(1), as: TensorType(.float32, [3])))
            return [try builder.apply(.add, x, one)]
        }
        let program = Program(functions: [builder.finish(returning: [b])])
        try Verifier.verify(program)
        let instructions = program.functions[0].body.instructions
        #expect(instructions.map(\.op.name) == ["constant", "add", "add"])
        #expect(instructions[1].results == [a] && instructions[2].operands == [a, a])
    }

    @Test func instructionOutsideTheOpenRegionIsAnErrorAndChangesNothing() throws {
        let builder = FunctionBuilder()
        let x = builder.parameter(TensorType(.float32, [3]))
        let a = try builder.apply(.exp, x)
        let original = try #require(builder.definition(of: a))
        let region = builder.region(arguments: [TensorType(.float32, [3])]) { arguments in
            #expect(builder.definition(of: a) == nil)
            #expect(throws: IRError.self) { try builder.replace(original) { [try builder.apply(.neg, x)] } }
            return arguments
        }
        #expect(region.instructions.isEmpty)
        #expect(builder.finish(returning: [a]).body.instructions.map(\.op.name) == ["exp"])
    }

    @Test func replacementOfAnotherTypeIsAnErrorAndChangesNothing() throws {
        let builder = FunctionBuilder()
        let x = builder.parameter(TensorType(.float32, [3]))
        let a = try builder.apply(.exp, x)
        let original = try #require(builder.definition(of: a))
        #expect(throws: IRError.self) {
            try builder.replace(original) { [try builder.apply(.convert, x, attributes: ["element_type": .elementType(.float64)])] }
        }
        #expect(throws: IRError.self) { try builder.replace(original) { [x] } }
        #expect(builder.finish(returning: [a]).body.instructions.map(\.op.name) == ["exp"])
    }
}

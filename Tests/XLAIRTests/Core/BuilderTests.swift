import Testing
import XLAIR

/// A program built with the builder runs on both plugins.
@Suite struct BuilderTests {
    @Test(arguments: cpuPlugins)
    func builtProgramRuns(plugin: String) throws {
        let builder = FunctionBuilder()
        let x = builder.parameter(TensorType(.float32, [3]))
        let y = try builder.apply(.exp, x)
        let z = try builder.apply(.add, x, y)
        let mask = builder.constant(Literal([true, false, true], shape: [3]))
        let picked = try builder.apply(.select, mask, z, x)
        let program = Program(functions: [builder.finish(returning: [picked])])
        let output = try run(program, [Literal([Float(0), 1, 2], shape: [3])], plugin: plugin)
        let values = output[0].bitPatterns.map { Float(bitPattern: UInt32($0)) }
        #expect(values[0] == 1 && values[1] == 1)
        #expect(abs(values[2] - (2 + Float(7.389056))) < 1e-5)
    }

    @Test func mismatchedOperandsThrowNamingOpAndTypes() {
        let builder = FunctionBuilder()
        let x = builder.parameter(TensorType(.float32, [3]))
        let y = builder.parameter(TensorType(.float32, [4]))
        #expect(throws: IRError.self) { try builder.apply(.add, x, y) }
        do {
            _ = try builder.apply(.add, x, y, location: "model.swift:12")
        } catch let error as IRError {
            #expect(error.description == "add at model.swift:12 cannot take operands tensor<3xf32>, tensor<4xf32>: operands must have the same type (no implicit broadcasting or promotion).")
        } catch {
            Issue.record(error)
        }
    }
}

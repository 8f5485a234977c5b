import Testing
import XLAIR
import XLARuntime

/// StableHLO emission: forms both plugins parse, the fast dot lowering,
/// donation, and speed on large programs.
@Suite struct EmissionTests {
    @Test func constantsUseListsForBoolsAndHexForOthers() {
        #expect(Literal([true, false, true], shape: [3]).stableHLOText == "dense<[true, false, true]> : tensor<3xi1>")
        #expect(Literal([true, true], shape: [2]).stableHLOText == "dense<true> : tensor<2xi1>")
        #expect(Literal(scalar: Float(1)).stableHLOText == "dense<\"0x0000803F\"> : tensor<f32>")
        #expect(Literal([Float(1), 2], shape: [2]).stableHLOText == "dense<\"0x0000803F00000040\"> : tensor<2xf32>")
        #expect(Literal([Float](), shape: [0, 3]).stableHLOText == "dense<> : tensor<0x3xf32>")
    }

    @Test(arguments: cpuPlugins)
    func bfloat16ConstantsAreExact(plugin: String) throws {
        let builder = FunctionBuilder()
        let values = [BFloat16(1.5), BFloat16(-Float.infinity), BFloat16(bitPattern: 0x7FC1), BFloat16(-3.0e38)]
        let constant = builder.constant(Literal(values, shape: [4]))
        let widened = try builder.apply(.convert, constant, attributes: ["element_type": .elementType(.float32)])
        let output = try run(Program(functions: [builder.finish(returning: [widened])]), [], plugin: plugin)[0]
        let expected = values.map { UInt64($0.floatValue.bitPattern) }
        #expect(output.bitPatterns == expected)
    }

    @Test func dotOverThreeDimensionsRunsAsAMatrixProduct() throws {
        let program = try Program(parsing: """
            module @m

            func @main(%0: tensor<2x3x4xf32>, %1: tensor<4x5xf32>) -> (tensor<2x3x5xf32>) {
              %2 = dot_general(%0, %1) {lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]} : tensor<2x3x5xf32>
              return %2
            }

            """)
        let text = try program.stableHLO()
        #expect(text.contains("\"stablehlo.reshape\"(%v0) : (tensor<2x3x4xf32>) -> (tensor<6x4xf32>)"))
        #expect(text.contains("(tensor<6x4xf32>, tensor<4x5xf32>) -> (tensor<6x5xf32>)"))
        #expect(text.contains("(tensor<6x5xf32>) -> (tensor<2x3x5xf32>)"))
    }

    @Test(arguments: cpuPlugins)
    func donatedParametersReachTheRuntime(plugin: String) throws {
        let builder = FunctionBuilder()
        let state = builder.parameter(TensorType(.float32, [4]), donated: true)
        let step = builder.parameter(TensorType(.float32, [4]))
        let next = try builder.apply(.add, state, step)
        let text = try Program(functions: [builder.finish(returning: [next])]).stableHLO()
        #expect(text.contains("%v0: tensor<4xf32> {jax.buffer_donor = true}"))
        let executable = try Client.shared(plugin).compile(text)
        #expect(executable.signature.donatedParameters == [0])
    }

    /// A chain of 5,000 instructions prints, parses, verifies, optimizes and
    /// lowers in well under a second even in a debug build.
    @Test func largeProgramsAreFast() throws {
        let clock = ContinuousClock()
        var program = Program(functions: [])
        let build = try clock.measure {
            let builder = FunctionBuilder()
            var value = builder.parameter(TensorType(.float32, [8, 8]))
            let ops: [Op] = [.exp, .neg, .tanh, .abs, .sin]
            for index in 0..<5_000 {
                let op = index % 7 == 0 ? Op.add : ops[index % ops.count]
                value = try builder.append(op, op == .add ? [value, value] : [value])[0]
            }
            program = Program(functions: [builder.finish(returning: [value])])
        }
        var text = ""
        let emit = try clock.measure { text = try program.stableHLO() }
        var ir = ""
        let printing = clock.measure { ir = program.irText }
        let parse = try clock.measure { _ = try Program(parsing: ir) }
        let verify = try clock.measure { try program.verify() }
        let passes = try clock.measure { try PassManager.standard.run(&program) }
        #expect(text.count > 5_000 * 50)
        #expect(program.functions[0].body.instructions.count == 5_000)
        for duration in [build, emit, printing, parse, verify, passes] { #expect(duration < .seconds(1)) }
        print("5,000 instructions: build \(build), emit StableHLO \(emit), print IR \(printing), parse \(parse), verify \(verify), standard passes \(passes)")
    }
}

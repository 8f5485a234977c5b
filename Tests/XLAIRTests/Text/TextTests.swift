import Testing
import XLAIR

/// IR text parses and prints back exactly.
@Suite struct TextTests {
    static let program = """
        module @example

        func @main(%0: tensor<2x3xf32> {donated}, %1: tensor<i32>) -> (tensor<3xf32>, tensor<i32>) {
          %2 = constant {value = dense<[[1.5, -0.0, inf], [-inf, 0x7FC00001, 1e-05]]> : tensor<2x3xf32>} : tensor<2x3xf32>
          %3 = add(%0, %2) : tensor<2x3xf32> loc("model.swift:12")
          %4 = reduce(%3) {dimensions = [0], kind = "sum"} : tensor<3xf32>
          %5 = constant {value = dense<10> : tensor<i32>} : tensor<i32>
          %6 = constant {value = dense<[true, false]> : tensor<2xi1>} : tensor<2xi1>
          %7 = constant {value = dense<> : tensor<0x4xui8>} : tensor<0x4xui8>
          %8 = while(%1) : tensor<i32>
            region(%9: tensor<i32>) {
              %10 = compare(%9, %5) {direction = "LT"} : tensor<i1>
              return %10
            }
            region(%11: tensor<i32>) {
              %12 = add(%11, %11) : tensor<i32>
              return %12
            }
          %13 = dot_general(%0, %0) {lhs_contracting_dimensions = [0], preferred_element_type = f64, rhs_contracting_dimensions = [0]} : tensor<3x3xf64>
          %14 = neg(%4) : tensor<3xf32> effectful
          return %14, %8
        }

        func @helper(%0: tensor<ui64>) -> (tensor<ui64>) {
          %1 = constant {value = dense<18446744073709551615> : tensor<ui64>} : tensor<ui64>
          %2 = xor(%0, %1) : tensor<ui64>
          return %2
        }

        """

    @Test func roundTripIsExact() throws {
        let program = try Program(parsing: TextTests.program)
        #expect(program.irText == TextTests.program)
        try program.verify()
        #expect(program.functions[0].donatedParameters == [0])
        #expect(program.functions[0].body.instructions.last?.isEffectful == true)
    }

    @Test func builtModuleRoundTrips() throws {
        let builder = FunctionBuilder()
        let x = builder.parameter(TensorType(.bfloat16, [2]))
        let h = builder.constant(Literal([Float16(0.1), -.infinity], shape: [2]))
        let converted = try builder.apply(.convert, h, attributes: ["element_type": .elementType(.bfloat16)])
        let sum = try builder.apply(.add, x, converted)
        let text = Program(functions: [builder.finish(returning: [sum])]).irText
        #expect(try Program(parsing: text).irText == text)
    }

    @Test func parseErrorsNameLineAndColumn() {
        let cases: [(String, String)] = [
            ("module @m\nfunc @main() -> () {\n  %0 = frobnicate : tensor<f32>\n  return\n}",
             "IR text line 3, column 8: unknown op 'frobnicate'."),
            ("module @m\nfunc @main(%0: tensor<f32>) -> (tensor<f32>) {\n  return %1\n}",
             "IR text line 3, column 10: %1 is used before it is defined."),
            ("module @m\nfunc @main(%0: tensor<f32>) -> (tensor<f32>) {\n  %0 = neg(%0) : tensor<f32>\n  return %0\n}",
             "IR text line 3, column 3: %0 is defined twice."),
            ("module @m\nfunc @main() -> (tensor<2xi32>) {\n  %0 = constant {value = dense<[1, 2, 3]> : tensor<2xi32>} : tensor<2xi32>\n  return %0\n}",
             "IR text line 3, column 26: tensor<2xi32> needs 2 elements, not 3."),
        ]
        for (text, message) in cases {
            #expect(throws: IRError.self) { try Program(parsing: text) }
            do {
                _ = try Program(parsing: text)
            } catch let error as IRError {
                #expect(error.description == message)
            } catch {
                Issue.record(error)
            }
        }
    }
}

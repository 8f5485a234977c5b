import Testing
import XLAIR

/// Passes: DCE, CSE and folding respect effects and float semantics.
@Suite struct PassTests {
    func transformed(_ text: String, _ passes: [any Pass]) throws -> String {
        var program = try Program(parsing: "module @m\n\n" + text)
        try PassManager(passes, verifiesAfterEachPass: true).run(&program)
        return program.irText
    }

    @Test func cseAndDceKeepEffectfulInstructions() throws {
        let result = try transformed("""
            func @main(%0: tensor<2xf32>) -> (tensor<2xf32>) {
              %1 = debug_print {format = "drawn"} : tensor<i32>
              %2 = debug_print {format = "drawn"} : tensor<i32>
              %3 = exp(%0) : tensor<2xf32>
              %4 = exp(%0) : tensor<2xf32>
              %5 = neg(%0) : tensor<2xf32>
              %6 = neg(%0) : tensor<2xf32> effectful
              %7 = add(%3, %4) : tensor<2xf32>
              return %7
            }

            """, [CommonSubexpressionElimination(), DeadCodeElimination()])
        #expect(result == """
            module @m

            func @main(%0: tensor<2xf32>) -> (tensor<2xf32>) {
              %1 = debug_print {format = "drawn"} : tensor<i32>
              %2 = debug_print {format = "drawn"} : tensor<i32>
              %3 = exp(%0) : tensor<2xf32>
              %4 = neg(%0) : tensor<2xf32> effectful
              %5 = add(%3, %3) : tensor<2xf32>
              return %5
            }

            """)
    }

    @Test func effectsInsideRegionsKeepTheirOwner() throws {
        let result = try transformed("""
            func @main(%0: tensor<i32>) -> (tensor<i32>) {
              case(%0) : ()
                region() {
                  %2 = debug_print {format = "drawn"} : tensor<i32>
                  return
                }
              return %0
            }

            """, [DeadCodeElimination()])
        #expect(result.contains("debug_print"))
        let program = try Program(parsing: result)
        #expect(program.functions[0].body.instructions[0].isEffectful)
    }

    @Test func cseDoesNotHoistOutOfRegions() throws {
        let result = try transformed("""
            func @main(%0: tensor<i32>, %1: tensor<f32>) -> (tensor<f32>, tensor<f32>) {
              %2 = case(%0) : tensor<f32>
                region() {
                  %3 = exp(%1) : tensor<f32>
                  return %3
                }
                region() {
                  %4 = exp(%1) : tensor<f32>
                  return %4
                }
              %5 = exp(%1) : tensor<f32>
              %6 = case(%0) : tensor<f32>
                region() {
                  %7 = exp(%1) : tensor<f32>
                  return %7
                }
              return %2, %6
            }

            """, [CommonSubexpressionElimination(), DeadCodeElimination()])
        #expect(result.contains("region() {\n      return %5\n    }"))
        #expect(result.split(separator: "exp(").count == 4)
    }

    @Test func foldsIntegersAndShapesButNotFloatMath() throws {
        let result = try transformed("""
            func @main() -> (tensor<2xi8>, tensor<2x2xi32>, tensor<f32>, tensor<2xi1>, tensor<f32>) {
              %0 = constant {value = dense<[127, -128]> : tensor<2xi8>} : tensor<2xi8>
              %1 = constant {value = dense<1> : tensor<2xi8>} : tensor<2xi8>
              %2 = add(%0, %1) : tensor<2xi8>
              %3 = iota {dimension = 1, element_type = i32, shape = [2, 2]} : tensor<2x2xi32>
              %4 = transpose(%3) {permutation = [1, 0]} : tensor<2x2xi32>
              %5 = constant {value = dense<2.0> : tensor<f32>} : tensor<f32>
              %6 = exp(%5) : tensor<f32>
              %7 = compare(%0, %1) {direction = "GT"} : tensor<2xi1>
              %8 = add(%5, %5) : tensor<f32>
              return %2, %4, %6, %7, %8
            }

            """, [ConstantFolding(), DeadCodeElimination()])
        #expect(result == """
            module @m

            func @main() -> (tensor<2xi8>, tensor<2x2xi32>, tensor<f32>, tensor<2xi1>, tensor<f32>) {
              %0 = constant {value = dense<[-128, -127]> : tensor<2xi8>} : tensor<2xi8>
              %1 = constant {value = dense<[[0, 0], [1, 1]]> : tensor<2x2xi32>} : tensor<2x2xi32>
              %2 = constant {value = dense<2.0> : tensor<f32>} : tensor<f32>
              %3 = exp(%2) : tensor<f32>
              %4 = constant {value = dense<[true, false]> : tensor<2xi1>} : tensor<2xi1>
              %5 = add(%2, %2) : tensor<f32>
              return %0, %1, %3, %4, %5
            }

            """)
    }
}

import Testing
import XLAIR

/// An effect op defined outside the IR target, as Haiku's `rng.next` will be.
struct DrawEffect: OpDefinition {
    let name = "test.draw"
    var isEffectful: Bool { true }
    var differentiability: Differentiability { .notDifferentiable(because: "random draws have no derivative") }
    var batching: Batching { .notBatchable(because: "the test never maps it") }

    func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        [TensorType(.uint32, [2])]
    }

    func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) throws {
        throw IRError.notLowerable(op: name, reason: "effects are lowered by their passes", location: instruction.location)
    }
}

/// Passes: DCE, CSE, folding and inlining respect effects and float semantics.
@Suite struct PassTests {
    init() {
        OpRegistry.register(Op(DrawEffect()))
    }

    func transformed(_ text: String, _ passes: [any Pass]) throws -> String {
        var module = try Module(parsing: "module @m\n\n" + text)
        try PassManager(passes, verifiesAfterEachPass: true).run(&module)
        return module.irText
    }

    @Test func cseAndDceKeepEffectfulInstructions() throws {
        let result = try transformed("""
            func @main(%0: tensor<2xf32>) -> (tensor<2xf32>) {
              %1 = test.draw : tensor<2xui32>
              %2 = test.draw : tensor<2xui32>
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
              %1 = test.draw : tensor<2xui32>
              %2 = test.draw : tensor<2xui32>
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
                  %2 = test.draw : tensor<2xui32>
                  return
                }
              return %0
            }

            """, [DeadCodeElimination()])
        #expect(result.contains("test.draw"))
        let module = try Module(parsing: result)
        #expect(module.functions[0].body.instructions[0].isEffectful)
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

    @Test func inliningReplacesCallsAndDropsCallees() throws {
        let result = try transformed("""
            func @main(%0: tensor<f32>) -> (tensor<f32>) {
              %1 = call(%0) {callee = "twice"} : tensor<f32>
              %2 = call(%1) {callee = "twice"} : tensor<f32>
              return %2
            }

            func @twice(%0: tensor<f32>) -> (tensor<f32>) {
              %1 = call(%0) {callee = "double"} : tensor<f32>
              %2 = call(%1) {callee = "double"} : tensor<f32>
              return %2
            }

            func @double(%0: tensor<f32>) -> (tensor<f32>) {
              %1 = add(%0, %0) : tensor<f32>
              return %1
            }

            """, [Inlining()])
        #expect(result == """
            module @m

            func @main(%0: tensor<f32>) -> (tensor<f32>) {
              %1 = add(%0, %0) : tensor<f32>
              %2 = add(%1, %1) : tensor<f32>
              %3 = add(%2, %2) : tensor<f32>
              %4 = add(%3, %3) : tensor<f32>
              return %4
            }

            """)
    }

    @Test func callsToEffectfulFunctionsAreEffects() throws {
        let callee = FunctionBuilder(name: "draw")
        _ = try callee.append(Op(DrawEffect()), [])
        let drawing = callee.finish(returning: [])
        let builder = FunctionBuilder(callees: [drawing])
        let x = builder.parameter(TensorType(.float32, []))
        try builder.append(.call, [], attributes: ["callee": .string("draw")])
        var module = Module(functions: [builder.finish(returning: [x]), drawing])
        #expect(module.functions[0].body.instructions[0].isEffectful)
        try module.verify()
        try PassManager([DeadCodeElimination(), Inlining()], verifiesAfterEachPass: true).run(&module)
        #expect(module.functions.count == 1)
        #expect(module.irText.contains("test.draw"))
        var unmarked = try Module(parsing: module.irText)
        unmarked.functions.append(drawing)
        unmarked.functions[0].body.instructions = [Instruction(op: .call, operands: [], attributes: ["callee": .string("draw")], results: [])]
        #expect(throws: IRError.invalidStructure(reason: "call has effects but is not marked effectful", location: "@main, instruction 1")) {
            try unmarked.verify()
        }
    }

    @Test func recursiveCallsAreRejected() throws {
        #expect(throws: IRError.self) {
            try transformed("""
                func @main(%0: tensor<f32>) -> (tensor<f32>) {
                  %1 = call(%0) {callee = "main"} : tensor<f32>
                  return %1
                }

                """, [Inlining()])
        }
    }

    @Test func unloweredEffectsAreAClearError() throws {
        let module = try Module(parsing: "module @m\n\nfunc @main() -> (tensor<2xui32>) {\n  %0 = test.draw : tensor<2xui32>\n  return %0\n}\n")
        #expect(throws: IRError.notLowerable(op: "test.draw", reason: "effects are lowered by their passes", location: nil)) {
            try module.stableHLO()
        }
    }
}

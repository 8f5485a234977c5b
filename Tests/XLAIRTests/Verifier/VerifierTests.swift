import Testing
import XLAIR

/// The verifier rejects malformed IR with a message naming op, types and place.
@Suite struct VerifierTests {
    static let cases: [(body: String, message: String)] = [
        ("""
         func @main(%0: tensor<2xf32>, %1: tensor<3xf32>) -> (tensor<2xf32>) {
           %2 = add(%0, %1) : tensor<2xf32>
           return %2
         }
         """,
         "add at @main, %2 cannot take operands tensor<2xf32>, tensor<3xf32>: operands must have the same type (no implicit broadcasting or promotion)."),
        ("""
         func @main(%0: tensor<2xf32>) -> (tensor<2xi32>) {
           %1 = exp(%0) : tensor<2xi32>
           return %1
         }
         """,
         "exp at @main, %1 declares results (tensor<2xi32>) but its operands give (tensor<2xf32>)."),
        ("""
         func @main(%0: tensor<2xi32>) -> (tensor<2xi32>) {
           %1 = exp(%0) : tensor<2xi32>
           return %1
         }
         """,
         "exp at @main, %1 cannot take operands tensor<2xi32>: it needs floating-point elements, not int32."),
        ("""
         func @main(%0: tensor<2x3xf32>) -> (tensor<3x2xf32>) {
           %1 = transpose(%0) {permutation = [1, 1]} : tensor<3x2xf32>
           return %1
         }
         """,
         "transpose at @main, %1 has an invalid attribute 'permutation': [1, 1] repeats a dimension."),
        ("""
         func @main(%0: tensor<2xf32>) -> (tensor<2xf32>) {
           %1 = neg(%0) {axis = 0} : tensor<2xf32>
           return %1
         }
         """,
         "neg at @main, %1 has an invalid attribute 'axis': neg has no such attribute; it takes none."),
        ("""
         func @main(%0: tensor<i32>) -> (tensor<i32>) {
           %1 = while(%0) : tensor<i32>
             region(%2: tensor<i32>) {
               %3 = constant {value = dense<true> : tensor<i1>} : tensor<i1>
               return %3
             }
             region(%4: tensor<i32>) {
               return %3
             }
           return %1
         }
         """,
         "return at @main uses %3, which is not defined before it in a visible scope."),
        ("""
         func @main(%0: tensor<i32>) -> (tensor<i32>) {
           %1 = while(%0) : tensor<i32>
             region(%2: tensor<i32>) {
               return %2
             }
             region(%3: tensor<i32>) {
               return %3
             }
           return %1
         }
         """,
         "while at @main, %1 cannot take operands tensor<i32>: the condition must return one tensor<i1>, not (tensor<i32>)."),
    ]

    @Test(arguments: cases.indices)
    func rejectsMalformedIR(index: Int) throws {
        let (body, message) = VerifierTests.cases[index]
        let program = try Program(parsing: "module @m\n" + body)
        do {
            try program.verify()
            Issue.record("verified: \(body)")
        } catch let error as IRError {
            #expect(error.description == message)
        }
    }

    @Test func valuesFromASiblingRegionAreNotVisible() throws {
        let program = try Program(parsing: "module @m\n" + VerifierTests.cases[5].body)
        #expect(throws: IRError.undefinedValue(op: "return", value: "%3", location: "@main")) { try program.verify() }
    }

    @Test func builderOutputVerifies() throws {
        let builder = FunctionBuilder()
        let x = builder.parameter(TensorType(.int32, []))
        let limit = builder.constant(Literal(scalar: Int32(10)))
        let condition = try builder.region(arguments: [x.type]) { arguments in
            [try builder.apply(.compare, arguments[0], limit, attributes: ["direction": .string("LT")])]
        }
        let body = try builder.region(arguments: [x.type]) { arguments in [try builder.apply(.add, arguments[0], arguments[0])] }
        let loop = try builder.append(.whileLoop, [x], regions: [condition, body])
        try Program(functions: [builder.finish(returning: loop)]).verify()
    }
}

import Testing
import XLAIR

/// The `reduce_window` op: text round trip, shape rule errors, and
/// StableHLO that both plugins compile and run.
@Suite struct WindowsIRTests {
    static let attributes: Attributes = [
        "kind": .string("max"), "window_dimensions": .ints([2]), "window_strides": .ints([2]),
        "padding_low": .ints([1]), "padding_high": .ints([0]),
    ]

    @Test func printsAndParsesBack() throws {
        let builder = FunctionBuilder()
        let x = builder.parameter(TensorType(.float32, [2, 5]))
        let y = try builder.apply(.reduceWindow, x, attributes: [
            "kind": .string("sum"), "window_dimensions": .ints([1, 3]), "window_strides": .ints([1, 2]),
            "base_dilations": .ints([2, 1]), "window_dilations": .ints([1, 2]), "padding_low": .ints([0, 2]),
            "padding_high": .ints([1, 0]),
        ])
        #expect(y.type == TensorType(.float32, [4, 2]))
        let text = Program(functions: [builder.finish(returning: [y])]).irText
        #expect(text.contains("reduce_window(%0) {base_dilations = [2, 1], kind = \"sum\""))
        let parsed = try Program(parsing: text)
        #expect(parsed.irText == text)
        try parsed.verify()
    }

    @Test func shapeRuleRejectsBadAttributes() throws {
        let x = FunctionBuilder().parameter(TensorType(.float32, [4, 4]))
        let cases: [(Attributes, String)] = [
            (["kind": .string("max"), "window_dimensions": .ints([2])], "window_dimensions"),
            (["kind": .string("max"), "window_dimensions": .ints([2, 0])], "0 is below 1"),
            (["kind": .string("sum"), "window_dimensions": .ints([2, 2]), "window_strides": .ints([1, -1])], "window_strides"),
            (["kind": .string("sum"), "window_dimensions": .ints([2, 2]), "padding_low": .ints([0, -1])], "-1 is below 0"),
            (["kind": .string("mean"), "window_dimensions": .ints([2, 2])], "'mean' is not one of"),
            (["kind": .string("max")], "window_dimensions"),
        ]
        for (attributes, message) in cases {
            let builder = FunctionBuilder()
            let x = builder.parameter(x.type)
            do {
                _ = try builder.apply(.reduceWindow, x, attributes: attributes)
                Issue.record("accepted \(attributes)")
            } catch let error as IRError {
                #expect(error.description.contains(message), "\(error)")
            }
        }
        let builder = FunctionBuilder()
        let flags = builder.parameter(TensorType(.bool, [4]))
        #expect(throws: IRError.self) {
            try builder.apply(.reduceWindow, flags, attributes: ["kind": .string("sum"), "window_dimensions": .ints([2])])
        }
    }

    /// XLA's dilated size, which convolutions and windowed reductions share:
    /// `(n - 1) * d + 1` elements, none for none.
    @Test func dilationExtent() {
        #expect(Dilation.extent(of: 3, by: 2) == 5)
        #expect(Dilation.extent(of: 4, by: 1) == 4)
        #expect(Dilation.extent(of: 1, by: 7) == 1)
        #expect(Dilation.extent(of: 0, by: 3) == 0)
    }

    /// An instruction built without the shape rule and missing `kind`
    /// fails to lower with an error naming the attribute, rather than
    /// leaving its result undefined in the StableHLO.
    @Test func loweringWithoutKindIsAnError() throws {
        let (x, y) = (Value(id: 0, type: TensorType(.float32, [4])), Value(id: 1, type: TensorType(.float32, [2])))
        let instruction = Instruction(op: .reduceWindow, operands: [x], attributes: ["window_dimensions": .ints([2]),
                                                                                     "window_strides": .ints([2])],
                                      results: [y], location: "Model.swift:7")
        var writer = StableHLOWriter()
        let error = #expect(throws: IRError.self) { try Op.reduceWindow.definition.emit(instruction, into: &writer) }
        #expect(error == .invalidAttribute(op: "reduce_window", attribute: "kind", reason: "it is required",
                                           location: "Model.swift:7"))
        #expect(writer.text.isEmpty)
    }

    /// `[-inf | 1, 5, 2, 8, 3]` in windows of 2, stride 2: 1, 5, 8; and a
    /// scalar (no padding attribute) passes through.
    @Test(arguments: cpuPlugins)
    func runsOnEachPlugin(plugin: String) throws {
        let builder = FunctionBuilder()
        let x = builder.parameter(TensorType(.float32, [5]))
        let s = builder.parameter(TensorType(.float32, []))
        let y = try builder.apply(.reduceWindow, x, attributes: WindowsIRTests.attributes)
        let z = try builder.apply(.reduceWindow, s, attributes: ["kind": .string("min"), "window_dimensions": .ints([])])
        let outputs = try run(Program(functions: [builder.finish(returning: [y, z])]),
                              [Literal([Float(1), 5, 2, 8, 3], shape: [5]), Literal(scalar: Float(7))], plugin: plugin)
        #expect(outputs[0].bitPatterns == [Float(1), 5, 8].map { UInt64($0.bitPattern) })
        #expect(outputs[1].bitPatterns == [UInt64(Float(7).bitPattern)])
    }
}

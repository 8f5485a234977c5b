import Testing
import XLAIR

/// Shape rules turn sizes, paddings, dilations and strides that overflow
/// `Int` into the op's typed error, and types XLA cannot hold (2^63 bytes
/// or more, an iota of 2^37 elements or more) never pass inference or the
/// verifier.
@Suite struct ShapeOverflowIRTests {
    /// A `float32` type of `shape`.
    static func f32(_ shape: [Int]) -> TensorType { TensorType(.float32, shape) }

    /// The error of inferring `op`'s results, as text ("" when it infers).
    static func inferenceError(_ op: Op, _ operands: [TensorType], _ attributes: Attributes) -> String {
        do {
            _ = try op.inferResultTypes(InferenceContext(op: op.name, operandTypes: operands, attributes: attributes))
            return ""
        } catch {
            return "\(error)"
        }
    }

    /// `base` with `changes` set.
    static func with(_ base: Attributes, _ changes: Attributes) -> Attributes {
        var result = base
        for (name, value) in changes { result[name] = value }
        return result
    }

    static func expectError(_ op: Op, _ operands: [TensorType], _ attributes: Attributes, _ parts: String...,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        let text = inferenceError(op, operands, attributes)
        for part in [op.name] + parts {
            #expect(text.contains(part), "expected \"\(part)\" in: \(text)", sourceLocation: sourceLocation)
        }
    }

    @Test func resultTypesOfTwoToTheSixtyThreeBytesAreRejected() {
        Self.expectError(.broadcastInDim, [Self.f32([])], ["shape": .ints([1 << 31, 1 << 31]), "broadcast_dimensions": .ints([])],
                         "tensor<2147483648x2147483648xf32>", "2^63 bytes or more")
        Self.expectError(.reshape, [Self.f32([2])], ["shape": .ints([Int.max, 2])], "does not hold 2 elements")
        Self.expectError(.iota, [], ["shape": .ints([1 << 32, 1 << 32]), "dimension": .int(0),
                                     "element_type": .elementType(.float32)], "2^37")
    }

    @Test func iotaOfTwoToTheThirtySevenElementsIsRejected() {
        let attributes = { (count: Int) -> Attributes in
            ["shape": .ints([count]), "dimension": .int(0), "element_type": .elementType(.int32)]
        }
        #expect(Self.inferenceError(.iota, [], attributes((1 << 37) - 1)) == "")
        Self.expectError(.iota, [], attributes(1 << 37), "tensor<137438953472xi32>", "2^37 elements")
    }

    @Test func paddingThatOverflowsIsRejected() {
        let scalar = Self.f32([])
        Self.expectError(.pad, [Self.f32([4]), scalar], ["edge_padding_low": .ints([Int.max - 2]),
                                                         "edge_padding_high": .ints([0]), "interior_padding": .ints([0])],
                         "overflows")
        Self.expectError(.pad, [Self.f32([4]), scalar], ["edge_padding_low": .ints([0]), "edge_padding_high": .ints([0]),
                                                         "interior_padding": .ints([Int.max])], "overflows")
    }

    @Test func convolutionDilationAndPaddingThatOverflowAreRejected() {
        let numbers: Attributes = [
            "input_batch_dimension": .int(0), "input_feature_dimension": .int(2), "input_spatial_dimensions": .ints([1]),
            "kernel_input_feature_dimension": .int(1), "kernel_output_feature_dimension": .int(2),
            "kernel_spatial_dimensions": .ints([0]),
            "output_batch_dimension": .int(0), "output_feature_dimension": .int(2), "output_spatial_dimensions": .ints([1]),
        ]
        let (lhs, rhs) = (Self.f32([1, 8, 1]), Self.f32([3, 1, 1]))
        Self.expectError(.convolution, [lhs, rhs], Self.with(numbers, ["rhs_dilation": .ints([Int.max])]),
                         "dilated kernel", "overflows")
        Self.expectError(.convolution, [lhs, rhs], Self.with(numbers, ["lhs_dilation": .ints([Int.max])]),
                         "padded, dilated input", "overflows")
        Self.expectError(.convolution, [lhs, rhs],
                         Self.with(numbers, ["padding_low": .ints([Int.max - 2]), "padding_high": .ints([Int.max - 2])]),
                         "overflows")
    }

    @Test func windowsThatOverflowAreRejected() {
        let x = Self.f32([8])
        let base: Attributes = ["kind": .string("sum"), "window_dimensions": .ints([2])]
        Self.expectError(.reduceWindow, [x], Self.with(base, ["window_dilations": .ints([Int.max])]), "overflows")
        Self.expectError(.reduceWindow, [x], Self.with(base, ["base_dilations": .ints([Int.max])]), "overflows")
        Self.expectError(.reduceWindow, [x], Self.with(base, ["padding_low": .ints([Int.max - 2])]), "overflows")
    }

    @Test func hugeStridesAndConcatenationsAreSafe() throws {
        let slice = try Op.slice.inferResultTypes(InferenceContext(op: "slice", operandTypes: [Self.f32([8])], attributes: [
            "start_indices": .ints([1]), "limit_indices": .ints([8]), "strides": .ints([Int.max]),
        ]))
        #expect(slice == [Self.f32([1])])
        let half = TensorType(.uint8, [1 << 62])
        Self.expectError(.concatenate, [half, half], ["dimension": .int(0)], "overflows")
    }

    /// A program whose types XLA cannot hold is rejected by the verifier
    /// with a message naming the op (or argument) and the type.
    @Test func verifierRejectsTypesXLACannotHold() throws {
        let iota = try Program(parsing: """
            module @m
            func @main() -> (tensor<137438953472xi32>) {
              %0 = iota {dimension = 0, element_type = i32, shape = [137438953472]} : tensor<137438953472xi32>
              return %0
            }
            """)
        #expect(throws: IRError.self) { try iota.verify() }
        #expect(Self.verificationError(iota).contains("iota at @main, %0 has an invalid attribute 'shape': tensor<137438953472xi32> has 2^37 elements or more"))
        let argument = try Program(parsing: """
            module @m
            func @main(%0: tensor<4294967296x4294967296xf32>) -> (tensor<4294967296x4294967296xf32>) {
              return %0
            }
            """)
        #expect(Self.verificationError(argument)
                == "Malformed IR at @main: argument %0 of type tensor<4294967296x4294967296xf32> has 2^63 elements or more, more than XLA accepts.")
    }

    static func verificationError(_ program: Program) -> String {
        do {
            try program.verify()
            return ""
        } catch {
            return "\(error)"
        }
    }
}

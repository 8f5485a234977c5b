import Testing
import XLATensor

/// Shapes, paddings, dilations and strides whose sizes overflow `Int`, or
/// types XLA cannot hold, give a typed error naming the op, eagerly and
/// under `jit`; nothing traps and nothing reaches the plugin.
@Suite struct ShapeOverflowTests {
    static func expectError(_ tensor: Tensor, _ parts: String..., sourceLocation: SourceLocation = #_sourceLocation) {
        XLATensorTests.expectError(tensor, parts, sourceLocation: sourceLocation)
    }

    @Test func creationOfTypesXLACannotHold() {
        Self.expectError(Tensor.zeros([1 << 32, 1 << 32]), "full", "tensor<4294967296x4294967296xf32>", "2^63 elements")
        Self.expectError(Tensor.ones([1 << 31, 1 << 31]), "full", "2^63 bytes")
        Self.expectError(Tensor.full([2, -3], 1.0), "full", "negative dimension")
        Self.expectError(Tensor([Float](), shape: [1 << 32, 1 << 32]), "tensor", "2^63 elements")
        Self.expectError(Tensor.eye(-3), "eye", "negative dimension")
        Self.expectError(Tensor.eye(3, -1), "eye", "negative dimension")
        Self.expectError(Tensor.eye(1 << 32, 1 << 32), "eye", "2^63 elements")
        #expect(try Tensor.eye(2, 0).shape == [2, 0])
    }

    /// A convolution whose stride exceeds the input takes one window; the
    /// tap-form emission's slice count overflowed for a stride of `Int.max`.
    @Test func convolutionWithAStrideOfIntMax() throws {
        let y = convGeneralDilated(Tensor.ones([1, 1, 4]), Tensor.ones([1, 1, 2]), windowStrides: [Int.max], padding: .same)
        #expect(try y.scalars(as: Float.self) == [2])
    }

    /// Keys in a shape XLA cannot hold, and more keys than the host can
    /// hold as an array, are errors (the array of 2^40 keys trapped).
    @Test func keysTooManyToHold() {
        Self.expectError(split(PRNGKey(0), shape: [1 << 32, 1 << 32]).data, "split", "2^63 elements")
        let keys = split(PRNGKey(0), 1 << 40)
        #expect(keys.count == 1)
        Self.expectError(keys[0].data, "splitting a key into 1099511627776 keys")
    }

    @Test func reshapeAndBroadcast() {
        let x = Tensor([Float(1), 2])
        Self.expectError(x.reshaped([Int.max, 2]), "reshape", "[9223372036854775807, 2]")
        Self.expectError(x.reshaped([-1, Int.max, 2]), "reshape")
        Self.expectError(Tensor(Float(1)).broadcast(to: [1 << 31, 1 << 31]), "broadcast_in_dim",
                         "tensor<2147483648x2147483648xf32>", "2^63 bytes")
    }

    @Test func convolutionPaddingAndDilation() {
        let (x, w) = (Tensor.zeros([1, 8, 1]), Tensor.zeros([3, 1, 1]))
        let numbers = ConvDimensionNumbers(lhs: "NWC", rhs: "WIO", output: "NWC")
        Self.expectError(convGeneralDilated(x, w, windowStrides: [1], padding: .explicit([.init(Int.max - 2, Int.max - 2)]),
                                            dimensionNumbers: numbers), "convolution", "overflows")
        Self.expectError(convGeneralDilated(x, w, windowStrides: [1], padding: .valid, rhsDilation: [Int.max],
                                            dimensionNumbers: numbers), "convolution", "dilated kernel", "overflows")
        Self.expectError(convGeneralDilated(x, w, windowStrides: [1], padding: .same, rhsDilation: [Int.max],
                                            dimensionNumbers: numbers), "convolution", "padded, dilated input", "overflows")
        Self.expectError(convGeneralDilated(x, w, windowStrides: [1], padding: .explicit([.init(0, 0)]),
                                            lhsDilation: [Int.max], dimensionNumbers: numbers), "convolution", "overflows")
    }

    @Test func transposedConvolutionStrides() {
        let (x, w) = (Tensor.zeros([1, 8, 1]), Tensor.zeros([3, 1, 1]))
        let numbers = ConvDimensionNumbers(lhs: "NWC", rhs: "WIO", output: "NWC")
        Self.expectError(convTranspose(x, w, strides: [Int.max], padding: .same, dimensionNumbers: numbers),
                         "convTranspose", "overflows Int")
        Self.expectError(convTranspose(x, w, strides: [1], padding: .valid, rhsDilation: [Int.max], dimensionNumbers: numbers),
                         "overflows")
    }

    @Test func windowedReductions() {
        let x = Tensor.zeros([8])
        Self.expectError(reduceWindow(x, .sum, windowDimensions: [2], padding: .explicit([.init(Int.max - 2, 0)])),
                         "reduce_window", "overflows")
        Self.expectError(reduceWindow(x, .max, windowDimensions: [2], windowDilation: [Int.max]), "reduce_window", "overflows")
        Self.expectError(reduceWindow(x, .max, windowDimensions: [2], padding: .same, windowDilation: [Int.max]),
                         "reduce_window", "overflows")
    }

    /// `same` padding with a stride of `Int.max` (it overflowed when
    /// rounding the output size up).
    @Test func samePaddingWithHugeStrides() {
        #expect(Padding.same.pairs(inputShape: [8], windowShape: [3], strides: [Int.max]) == [.init(0, 0)])
        #expect(Padding.sameLower.pairs(inputShape: [8], windowShape: [Int.max], strides: [Int.max])
                == [.init(Int.max / 2 - 3, Int.max / 2 - 4)])
    }

    @Test func samplersOfTypesXLACannotHold() {
        let key = PRNGKey(0)
        Self.expectError(normal(key, [1 << 32, 1 << 32]), "normal", "2^63 elements")
        Self.expectError(uniform(key, [1 << 31, 1 << 31]), "uniform", "2^63 bytes")
        Self.expectError(randomBits(key, bitWidth: 32, shape: [Int.max, 2]).converted(to: .float32), "randomBits", "2^63 elements")
    }

    @Test func underJITTheTraceFails() {
        let f = jit { (x: Tensor) in x.broadcast(to: [1 << 31, 1 << 31]) }
        let error = #expect(throws: TensorError.self) { try f(Tensor(Float(1))) }
        let text = error.map { "\($0)" } ?? ""
        #expect(text.contains("broadcast_in_dim") && text.contains("2^63 bytes"), "\(text)")
    }
}

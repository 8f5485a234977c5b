import Testing
import XLATensor

/// Bad convolution arguments give a typed error naming the problem and the
/// caller's line, eagerly and under `jit`; nothing crashes.
@Suite struct ConvolutionErrorTests {
    static let nhwc = ConvDimensionNumbers(lhs: "NHWC", rhs: "HWIO", output: "NHWC")

    static func expectError(_ tensor: Tensor, _ parts: String..., sourceLocation: SourceLocation = #_sourceLocation) {
        XLATensorTests.expectError(tensor, parts + ["ConvolutionErrorTests.swift"], sourceLocation: sourceLocation)
    }

    @Test func badOperandsAndLayouts() {
        let (x, w) = (Tensor.zeros([1, 4, 4, 6]), Tensor.zeros([3, 3, 6, 2]))
        Self.expectError(convGeneralDilated(x, Tensor.zeros([3, 3, 6]), windowStrides: [1, 1], padding: .same),
                         "rank")
        Self.expectError(convGeneralDilated(x, w, windowStrides: [1, 1], padding: .same,
                                            dimensionNumbers: .init(lhs: "NHWC", rhs: "HWIO", output: "NHW")),
                         "output layout", "NHW")
        Self.expectError(convGeneralDilated(x, w, windowStrides: [1, 1], padding: .same,
                                            dimensionNumbers: .init(lhs: "NHWC", rhs: "HWIX", output: "NHWC")),
                         "'O' and 'I'")
        Self.expectError(convGeneralDilated(x, w, windowStrides: [1, 1], padding: .same,
                                            dimensionNumbers: .init(lhs: "NHWC", rhs: "HDIO", output: "NHWC")),
                         "spatial letters")
        Self.expectError(convGeneralDilated(x, w, windowStrides: [1], padding: .same, dimensionNumbers: Self.nhwc),
                         "windowStrides")
        Self.expectError(convGeneralDilated(x, w, windowStrides: [1, 0], padding: .same, dimensionNumbers: Self.nhwc),
                         "positive")
        Self.expectError(convGeneralDilated(x, w, windowStrides: [1, 1], padding: .explicit([.init(1, 1)]),
                                            dimensionNumbers: Self.nhwc), "pair")
    }

    @Test func paddingDilationAndGroups() {
        let x = Tensor.zeros([2, 4, 4, 6])
        Self.expectError(convGeneralDilated(x, Tensor.zeros([3, 3, 6, 2]), windowStrides: [1, 1], padding: .same,
                                            lhsDilation: [2, 2], dimensionNumbers: Self.nhwc), "lhsDilation")
        Self.expectError(convGeneralDilated(x, Tensor.zeros([3, 3, 6, 2]), windowStrides: [1, 1],
                                            padding: .explicit([.init(-3, -2), .init(0, 0)]), dimensionNumbers: Self.nhwc),
                         "convolution", "crops")
        Self.expectError(convGeneralDilated(x, Tensor.zeros([3, 3, 4, 3]), windowStrides: [1, 1], padding: .same,
                                            dimensionNumbers: Self.nhwc, featureGroupCount: 3),
                         "6 features in 3 group(s)", "4 input features")
        Self.expectError(convGeneralDilated(x, Tensor.zeros([3, 3, 2, 4]), windowStrides: [1, 1], padding: .same,
                                            dimensionNumbers: Self.nhwc, featureGroupCount: 3), "multiple of feature_group_count")
        Self.expectError(convGeneralDilated(x, Tensor.zeros([3, 3, 6, 3]), windowStrides: [1, 1], padding: .same,
                                            dimensionNumbers: Self.nhwc, batchGroupCount: 3), "batch of 2")
        Self.expectError(convGeneralDilated(Tensor.zeros([2, 4, 4, 2]), Tensor.zeros([3, 3, 1, 4]), windowStrides: [1, 1],
                                            padding: .same, dimensionNumbers: Self.nhwc, featureGroupCount: 2,
                                            batchGroupCount: 2), "at most one")
        Self.expectError(convGeneralDilated(x, Tensor.zeros([3, 3, 6, 2]), windowStrides: [1, 1], padding: .same,
                                            dimensionNumbers: Self.nhwc, featureGroupCount: 0), "positive")
    }

    @Test func convTransposeArguments() {
        let (x, w) = (Tensor.zeros([1, 3, 3, 2]), Tensor.zeros([3, 3, 2, 2]))
        Self.expectError(convTranspose(x, w, strides: [2, 2], padding: .sameLower), "sameLower")
        Self.expectError(convTranspose(Tensor.zeros([1, 1, 1, 1, 1, 1]), Tensor.zeros([1, 1, 1, 1, 1, 1]), strides: [1, 1, 1, 1],
                                       padding: .same), "rank 6")
        Self.expectError(convTranspose(x, w, strides: [2], padding: .valid), "strides")
    }

    @Test func errorsUnderJITNameTheCaller() {
        let f = jit { (x: Tensor, w: Tensor) in
            convGeneralDilated(x, w, windowStrides: [1, 1], padding: .valid, featureGroupCount: 4)
        }
        let error = #expect(throws: TensorError.self) { try f(Tensor.zeros([1, 6, 4, 4]), Tensor.zeros([2, 3, 3, 3])) }
        let text = error.map { "\($0)" } ?? ""
        #expect(text.contains("convolution") && text.contains("ConvolutionErrorTests.swift"), "\(text)")
    }
}

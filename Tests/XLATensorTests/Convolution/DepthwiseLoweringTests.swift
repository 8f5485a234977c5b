import Testing
import XLATensor

/// Depthwise convolutions (one input and one output feature per group) and
/// their input gradients lower to the depthwise tap form (slices times
/// broadcast weights, summed), their kernel gradients (batch groups) to
/// slices and one batched dot, instead of grouped `stablehlo.convolution`s,
/// with the values of an ungrouped convolution by a block-diagonal kernel.
/// The JAX fixture values of a depthwise case are checked in
/// ConvolutionFixtureTests ("depthwise stride 2").
@Suite struct DepthwiseLoweringTests {
    static let numbers = ConvDimensionNumbers(lhs: "NHWC", rhs: "HWIO", output: "NHWC")
    static let channels = 4
    static let x = Tensor((0..<2 * 5 * 5 * channels).map { Float($0 % 13) / 7 - 0.8 }, shape: [2, 5, 5, channels])
    static let w = Tensor((0..<3 * 3 * channels).map { Float($0 % 11) / 5 - 1 }, shape: [3, 3, 1, channels])

    /// The depthwise convolution under test: stride 2, SAME.
    static func depthwise(_ x: Tensor, _ w: Tensor) -> Tensor {
        convGeneralDilated(x, w, windowStrides: [2, 2], padding: .same, dimensionNumbers: numbers,
                           featureGroupCount: channels)
    }

    /// `w` as an ungrouped kernel: `[3, 3, C, C]`, zero off the diagonal.
    static func blockDiagonal(_ w: Tensor) throws -> Tensor {
        let weights = try w.scalars(as: Float.self)
        var full = [Float](repeating: 0, count: 9 * channels * channels)
        for tap in 0..<9 {
            for c in 0..<channels { full[(tap * channels + c) * channels + c] = weights[tap * channels + c] }
        }
        return Tensor(full, shape: [3, 3, channels, channels])
    }

    /// The same convolution, ungrouped, with a ``blockDiagonal(_:)`` kernel.
    static func reference(_ x: Tensor, _ full: Tensor) -> Tensor {
        convGeneralDilated(x, full, windowStrides: [2, 2], padding: .same, dimensionNumbers: numbers)
    }

    @Test func forwardAndInputGradientAreTapsWithoutConvolution() throws {
        let forward = try jit { (x: Tensor, w: Tensor) in Self.depthwise(x, w) }.lower(Self.x, Self.w).stableHLO()
        #expect(!forward.contains("stablehlo.convolution"), "\(forward)")
        #expect(forward.contains("stablehlo.multiply"))
        let inputGradient = try jit { (x: Tensor, w: Tensor) in
            grad { (x: Tensor) in Self.depthwise(x, w).sum() }(x)
        }.lower(Self.x, Self.w).stableHLO()
        #expect(!inputGradient.contains("stablehlo.convolution"), "\(inputGradient)")
        let kernelGradient = try jit { (x: Tensor, w: Tensor) in
            grad { (w: Tensor) in Self.depthwise(x, w).sum() }(w)
        }.lower(Self.x, Self.w).stableHLO()
        #expect(!kernelGradient.contains("stablehlo.convolution"), "\(kernelGradient)")
        #expect(kernelGradient.contains("stablehlo.dot_general"))
    }

    @Test func valuesEqualTheUngroupedConvolution() throws {
        // Sums of 9 products in another order: a few ulp at these magnitudes.
        let tolerance: Float = 1e-5
        let cotangent = Tensor((0..<2 * 3 * 3 * Self.channels).map { Float($0 % 7) / 3 - 1 }, shape: [2, 3, 3, Self.channels])
        let tapped = try jit { (x: Tensor) in Self.depthwise(x, Self.w) }(Self.x).scalars(as: Float.self)
        let full = try Self.blockDiagonal(Self.w)
        let expected = try Self.reference(Self.x, full).scalars(as: Float.self)
        #expect(tapped.count == expected.count)
        #expect(zip(tapped, expected).allSatisfy { Swift.abs($0 - $1) <= tolerance }, "\(tapped) vs \(expected)")
        let dx = try jit { (x: Tensor) in
            grad { (x: Tensor) in (Self.depthwise(x, Self.w) * cotangent).sum() }(x)
        }(Self.x).scalars(as: Float.self)
        let dxExpected = try grad { (x: Tensor) in (Self.reference(x, full) * cotangent).sum() }(Self.x)
            .scalars(as: Float.self)
        #expect(zip(dx, dxExpected).allSatisfy { Swift.abs($0 - $1) <= tolerance }, "\(dx) vs \(dxExpected)")
    }

    @Test func kernelGradientEqualsTheUngroupedDiagonal() throws {
        let tolerance: Float = 1e-4  // sums of up to 18 products below 1 in magnitude, in another order
        let cotangent = Tensor((0..<2 * 3 * 3 * Self.channels).map { Float($0 % 5) / 2 - 1 }, shape: [2, 3, 3, Self.channels])
        let dw = try jit { (w: Tensor) in
            grad { (w: Tensor) in (Self.depthwise(Self.x, w) * cotangent).sum() }(w)
        }(Self.w).scalars(as: Float.self)
        let full = try grad { (k: Tensor) in (Self.reference(Self.x, k) * cotangent).sum() }(Self.blockDiagonal(Self.w))
            .scalars(as: Float.self)
        let diagonal = (0..<9 * Self.channels).map { full[$0 * Self.channels + $0 % Self.channels] }
        #expect(dw.count == diagonal.count)
        #expect(zip(dw, diagonal).allSatisfy { Swift.abs($0 - $1) <= tolerance }, "\(dw) vs \(diagonal)")
    }
}

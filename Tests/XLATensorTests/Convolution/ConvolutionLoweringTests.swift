import Foundation
import Testing
import XLATensor

/// Which form the convolutions of a program lower to (Docs/Convolution.md,
/// "Lowering"): the tap form (slices and one `dot_general`) for the small-spatial
/// fixture cases and their input gradients, only the live outputs of a
/// kernel gradient whose outer taps read padding, `stablehlo.convolution`
/// for a 28x28 layer and its gradients.
@Suite struct ConvolutionLoweringTests {
    static let taps = ConvolutionCase.all.filter(\.tap)
    /// Small cases whose input's spatial area is at least the kernel's: their
    /// forward convolution stays a `stablehlo.convolution`, which XLA runs
    /// faster than taps (Convolution+TapForm.swift); their input gradient is
    /// still taps.
    static let forwardConvolutions: Set<String> = ["tap stride 2 4x4 to 2x2"]

    @Test(arguments: taps)
    func smallSpatialConvolutionsAreTapsAndDots(_ test: ConvolutionCase) throws {
        let (x, w) = (test.lhs.tensor, test.rhs.tensor)
        let forward = try jit { (x: Tensor, w: Tensor) in test.apply(x, w) }.lower(x, w).stableHLO()
        if Self.forwardConvolutions.contains(test.name) {
            #expect(forward.contains("stablehlo.convolution") && !forward.contains("stablehlo.dot_general"), "\(test.name)")
        } else {
            #expect(!forward.contains("stablehlo.convolution"), "\(test.name): \(forward)")
            #expect(forward.contains("stablehlo.dot_general"))
        }
        let inputGradient = try jit { (x: Tensor, w: Tensor) in
            grad { (x: Tensor) in (test.apply(x, w) * test.cotangent.tensor).sum() }(x)
        }.lower(x, w).stableHLO()
        #expect(!inputGradient.contains("stablehlo.convolution"), "\(test.name) d lhs: \(inputGradient)")
    }

    /// The input gradient of a small HWIO layer reverses the cotangent and
    /// the result, not the kernel, and reads the kernel without a transpose
    /// (Convolution+TapsOverKernel.swift).
    @Test(arguments: taps.filter { $0.dimensionNumbers?[1] == "HWIO" })
    func smallInputGradientsReadTheKernelWhereItLies(_ test: ConvolutionCase) throws {
        let (x, w) = (test.lhs.tensor, test.rhs.tensor)
        let text = try jit { (x: Tensor, w: Tensor) in
            grad { (x: Tensor) in (test.apply(x, w) * test.cotangent.tensor).sum() }(x)
        }.lower(x, w).stableHLO()
        let kernel = "(tensor<\(w.shape.map(String.init).joined(separator: "x"))xf32>)"
        let copies = text.split(separator: "\n").filter {
            ($0.contains("stablehlo.reverse") || $0.contains("stablehlo.transpose")) && $0.contains(kernel)
        }
        #expect(copies.isEmpty, "\(test.name): \(copies)")
        #expect(text.contains("stablehlo.reverse"), "\(test.name): the cotangent is reversed: \(text)")
    }

    @Test func oneLiveTapIsOnePlainDot() throws {
        // 1x1 input, 3x3 kernel, SAME: only the centre tap reads the input.
        let text = try jit { (x: Tensor, w: Tensor) in
            convGeneralDilated(x, w, windowStrides: [1, 1], padding: .same,
                               dimensionNumbers: .init(lhs: "NHWC", rhs: "HWIO", output: "NHWC"))
        }.lower(Tensor.zeros([2, 1, 1, 3]), Tensor.zeros([3, 3, 3, 4])).stableHLO()
        #expect(!text.contains("stablehlo.concatenate"))
        #expect(text.components(separatedBy: "stablehlo.dot_general").count == 2)
        #expect(text.contains("tensor<2x3xf32>, tensor<3x4xf32>"), "\(text)")
    }

    @Test func kernelGradientOfAOneByOneLayerComputesOnlyItsCentre() throws {
        // 3x3 SAME on a 1x1 input: the kernel gradient's outer taps see only
        // padding. The program computes the centre (a 1x1 convolution) and pads it.
        let numbers = ConvDimensionNumbers(lhs: "NHWC", rhs: "HWIO", output: "NHWC")
        let x = Tensor((0..<2 * 3).map { Float($0) - 2 }, shape: [2, 1, 1, 3])
        let g = Tensor((0..<2 * 4).map { Float($0) / 4 }, shape: [2, 1, 1, 4])
        let kernelGradient = jit { (x: Tensor, w: Tensor) in
            grad { (w: Tensor) in
                (convGeneralDilated(x, w, windowStrides: [1, 1], padding: .same, dimensionNumbers: numbers) * g).sum()
            }(w)
        }
        let w = Tensor.zeros([3, 3, 3, 4])
        let text = try kernelGradient.lower(x, w).stableHLO()
        #expect(text.contains("tensor<1x1x3x4xf32>, tensor<f32>) -> (tensor<3x3x3x4xf32>)"), "\(text)")
        #expect(text.contains("stablehlo.convolution"), "the centre is still a convolution: \(text)")
        // The centre is xᵀ·g; every other tap is zero.
        let dw = try kernelGradient(x, w).scalars(as: Float.self)
        let (xs, gs) = (try x.scalars(as: Float.self), try g.scalars(as: Float.self))
        for tap in 0..<9 {
            for c in 0..<3 {
                for o in 0..<4 {
                    let expected: Float = tap == 4 ? (0..<2).map { xs[$0 * 3 + c] * gs[$0 * 4 + o] }.reduce(0, +) : 0
                    #expect(dw[(tap * 3 + c) * 4 + o] == expected, "dw[tap \(tap), \(c), \(o)]")
                }
            }
        }
    }

    @Test func largeLayersKeepTheConvolutionInAllThreeConvolutions() throws {
        let numbers = ConvDimensionNumbers(lhs: "NHWC", rhs: "HWIO", output: "NHWC")
        let loss = { (p: [Tensor]) in
            convGeneralDilated(p[0], p[1], windowStrides: [1, 1], padding: .same, dimensionNumbers: numbers).sum()
        }
        let text = try jit { (p: [Tensor]) in grad(loss)(p) }
            .lower([Tensor.zeros([2, 28, 28, 3]), Tensor.zeros([3, 3, 3, 4])]).stableHLO()
        #expect(text.components(separatedBy: "stablehlo.convolution").count - 1 == 2, "\(text)")
        #expect(!text.contains("stablehlo.concatenate"))
    }

    @Test func gradientOfAnNHWCLayerRunsUnderJIT() throws {
        // The benchmark's shape: both gradients of a SAME NHWC convolution, jitted.
        let numbers = ConvDimensionNumbers(lhs: "NHWC", rhs: "HWIO", output: "NHWC")
        let step = jit { (p: [Tensor]) in
            grad { (p: [Tensor]) in
                convGeneralDilated(p[0], p[1], windowStrides: [1, 1], padding: .same, dimensionNumbers: numbers).sum()
            }(p)
        }
        let x = Tensor((0..<2 * 2 * 2 * 2).map { Float($0) / 8 }, shape: [2, 2, 2, 2])
        let w = Tensor((0..<3 * 3 * 2 * 1).map { Float($0) / 18 }, shape: [3, 3, 2, 1])
        let (dx, dw) = try { let g = try step([x, w]); return (g[0], g[1]) }()
        // d/dx of the sum: for each input pixel, the sum of the kernel taps
        // whose window position lands inside the 2x2 output.
        let kernel = try w.scalars(as: Float.self)
        for (index, value) in try dx.scalars(as: Float.self).enumerated() {
            let (i, j, c) = (index / 4 % 2, index / 2 % 2, index % 2)
            var expected: Float = 0
            for (oi, oj) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
                let (ki, kj) = (i - oi + 1, j - oj + 1)
                expected += kernel[(ki * 3 + kj) * 2 + c]
            }
            #expect(Swift.abs(value - expected) < 1e-5, "dx[\(index)] = \(value), expected \(expected)")
        }
        #expect(dw.shape == [3, 3, 2, 1])
    }
}

extension ConvolutionLoweringTests {
    @Test func documentationExamplesHold() throws {
        let x = Tensor([1.0, 2, 3, 4], shape: [1, 1, 4])
        let w = Tensor([1.0, 0, -1], shape: [1, 1, 3])
        #expect(try convGeneralDilated(x, w, windowStrides: [1], padding: .valid).scalars(as: Float.self) == [-2, -2])
        let features = convGeneralDilated(Tensor.zeros([8, 32, 32, 3]), Tensor.zeros([3, 3, 3, 16]), windowStrides: [1, 1],
                                          padding: .same, dimensionNumbers: .init(lhs: "NHWC", rhs: "HWIO", output: "NHWC"))
        #expect(features.shape == [8, 32, 32, 16])
        let upsampled = convTranspose(features, Tensor.zeros([3, 3, 16, 4]), strides: [2, 2], padding: .same)
        #expect(upsampled.shape == [8, 64, 64, 4])
    }
}

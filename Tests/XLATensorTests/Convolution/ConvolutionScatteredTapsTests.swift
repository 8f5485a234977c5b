import Testing
import XLATensor

/// The scattered tap form (Convolution+ScatteredTaps.swift): a small
/// convolution with a dilated input is one dot of the undilated input and
/// the kernel, each tap's products placed by `pad` and summed. Entries are
/// small integers, so every sum is exact in float32 whatever its order, and
/// the values are compared exactly with a direct evaluation of the definition.
@Suite struct ConvolutionScatteredTapsTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let input: [Int], kernel: [Int], channels: Int, features: Int
        let lhsDilation: [Int], rhsDilation: [Int], padding: [(Int, Int)]
        var testDescription: String { name }
    }

    static let cases = [
        Case(name: "2x2 input dilated by 2, SAME-like padding", input: [2, 2], kernel: [3, 3], channels: 3, features: 4,
             lhsDilation: [2, 2], rhsDilation: [1, 1], padding: [(1, 1), (1, 1)]),
        Case(name: "uneven dilations and padding, dilated kernel", input: [2, 1], kernel: [3, 2], channels: 2, features: 3,
             lhsDilation: [3, 2], rhsDilation: [2, 1], padding: [(1, 2), (0, 1)]),
    ]

    static let numbers = ConvDimensionNumbers(lhs: "NHWC", rhs: "HWIO", output: "NHWC")

    static func operands(_ test: Case) -> (x: Tensor, w: Tensor) {
        let xShape = [2] + test.input + [test.channels], wShape = test.kernel + [test.channels, test.features]
        let x = Tensor((0..<xShape.reduce(1, *)).map { Float($0 % 5 - 2) }, shape: xShape)
        let w = Tensor((0..<wShape.reduce(1, *)).map { Float($0 % 3 - 1) }, shape: wShape)
        return (x, w)
    }

    static func convolve(_ test: Case, _ x: Tensor, _ w: Tensor) -> Tensor {
        convGeneralDilated(x, w, windowStrides: [1, 1], padding: .explicit(test.padding.map { Padding.Pair($0.0, $0.1) }),
                           lhsDilation: test.lhsDilation, rhsDilation: test.rhsDilation, dimensionNumbers: numbers)
    }

    /// The definition: output `y` sums, over taps `t`, the dilated, padded
    /// input at `y + t·rhsDilation` (zero at padding and dilation holes)
    /// times the kernel at `t`.
    static func expected(_ test: Case, x: [Float], w: [Float], outputs: [Int]) -> [Float] {
        let (c, f) = (test.channels, test.features)
        func input(_ n: Int, _ position: [Int], _ channel: Int) -> Float {
            var index = [Int]()
            for axis in 0..<2 {
                let p = position[axis] - test.padding[axis].0
                guard p >= 0, p % test.lhsDilation[axis] == 0, p / test.lhsDilation[axis] < test.input[axis] else { return 0 }
                index.append(p / test.lhsDilation[axis])
            }
            return x[((n * test.input[0] + index[0]) * test.input[1] + index[1]) * c + channel]
        }
        var result = [Float]()
        for n in 0..<2 {
            for i in 0..<outputs[0] {
                for j in 0..<outputs[1] {
                    for o in 0..<f {
                        var sum: Float = 0
                        for a in 0..<test.kernel[0] {
                            for b in 0..<test.kernel[1] {
                                for channel in 0..<c {
                                    let position = [i + a * test.rhsDilation[0], j + b * test.rhsDilation[1]]
                                    sum += input(n, position, channel) * w[((a * test.kernel[1] + b) * c + channel) * f + o]
                                }
                            }
                        }
                        result.append(sum)
                    }
                }
            }
        }
        return result
    }

    @Test(arguments: cases)
    func valuesEqualTheDefinition(_ test: Case) throws {
        let (x, w) = Self.operands(test)
        let output = try jit { (x: Tensor, w: Tensor) in Self.convolve(test, x, w) }(x, w)
        let outputs = Array(output.shape[1...2])
        #expect(try output.scalars(as: Float.self)
                == Self.expected(test, x: try x.scalars(as: Float.self), w: try w.scalars(as: Float.self), outputs: outputs))
    }

    @Test(arguments: cases)
    func oneDotMultipliesTheUndilatedInput(_ test: Case) throws {
        let (x, w) = Self.operands(test)
        let text = try jit { (x: Tensor, w: Tensor) in Self.convolve(test, x, w) }.lower(x, w).stableHLO()
        #expect(!text.contains("stablehlo.convolution"), "\(text)")
        #expect(text.components(separatedBy: "stablehlo.dot_general").count == 2, "\(text)")
        // The dot's rows are the input's positions, not the dilated input's.
        let rows = 2 * test.input.reduce(1, *)
        #expect(text.contains("(tensor<\(rows)x\(test.channels)xf32>, tensor<"), "\(text)")
    }

    /// ResNet's stride-2 layer at 4x4 → 2x2: its input gradient convolves
    /// the 2x2 cotangent dilated by 2, and its dot has the cotangent's
    /// 2·2·2 rows, not the 2·4·4 of the gathered form.
    @Test func inputGradientOfAStridedSmallLayerScattersItsTaps() throws {
        let x = Tensor.zeros([2, 4, 4, 3]), w = Tensor.zeros([3, 3, 3, 5])
        let text = try jit { (x: Tensor, w: Tensor) in
            grad { (x: Tensor) in
                convGeneralDilated(x, w, windowStrides: [2, 2], padding: .same, dimensionNumbers: Self.numbers).sum()
            }(x)
        }.lower(x, w).stableHLO()
        #expect(text.contains("(tensor<8x5xf32>, tensor<9x3x5xf32>)"), "\(text)")
        #expect(!text.contains("tensor<32x"), "\(text)")
    }
}

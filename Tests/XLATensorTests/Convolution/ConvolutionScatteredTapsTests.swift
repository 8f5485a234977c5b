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
        // Fewer input rows (2·2·2) than features: the dot multiplies the kernel by the input.
        Case(name: "more features than rows, kernel times input", input: [2, 2], kernel: [3, 3], channels: 12,
             features: 5, lhsDilation: [2, 2], rhsDilation: [1, 1], padding: [(1, 1), (1, 1)]),
        Case(name: "1x1 input, the centre tap alone, kernel times input", input: [1, 1], kernel: [3, 3], channels: 4,
             features: 3, lhsDilation: [2, 2], rhsDilation: [1, 1], padding: [(1, 1), (1, 1)]),
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
        // The dot's rows are the input's positions, not the dilated input's;
        // with fewer rows than features the input is the dot's right operand.
        let rows = 2 * test.input.reduce(1, *)
        let dot = text.split(separator: "\n").first { $0.contains("stablehlo.dot_general") } ?? ""
        let matrix = "tensor<\(rows)x\(test.channels)xf32>"
        #expect(dot.contains(rows < test.channels ? ", \(matrix))" : "(\(matrix), "), "\(text)")
    }

    /// The input gradient of a stride-1 SAME layer whose cotangent has fewer
    /// rows (2·2·2) than features (12), as ResNet18's last stages: the
    /// kernel, read where it lies, times the cotangent; its values are the
    /// definition's convolution of the cotangent with the kernel flipped and
    /// its features swapped (exact: small integers).
    @Test func inputGradientWithMoreFeaturesThanRowsEqualsTheDefinition() throws {
        let (channels, features) = (3, 12)
        let x = Tensor.zeros([2, 2, 2, channels])
        let w = Tensor((0..<9 * channels * features).map { Float($0 % 3 - 1) }, shape: [3, 3, channels, features])
        let g = Tensor((0..<2 * 2 * 2 * features).map { Float($0 % 5 - 2) }, shape: [2, 2, 2, features])
        let gradient = jit { (g: Tensor, w: Tensor) in
            grad { (x: Tensor) in
                (convGeneralDilated(x, w, windowStrides: [1, 1], padding: .same, dimensionNumbers: Self.numbers) * g).sum()
            }(x)
        }
        let text = try gradient.lower(g, w).stableHLO()
        #expect(!text.contains("stablehlo.convolution"), "\(text)")
        #expect(text.contains("tensor<9x3x12xf32>, tensor<8x12xf32>) -> (tensor<9x3x8xf32>)"), "\(text)")
        let kernel = try w.scalars(as: Float.self)
        let flipped = (0..<kernel.count).map { index in
            // flipped[a, b, o, c] = w[2 - a, 2 - b, c, o]
            let (a, b, o, c) = (index / (3 * features * channels), index / (features * channels) % 3,
                                index / channels % features, index % channels)
            return kernel[(((2 - a) * 3 + 2 - b) * channels + c) * features + o]
        }
        let definition = Case(name: "", input: [2, 2], kernel: [3, 3], channels: features, features: channels,
                              lhsDilation: [1, 1], rhsDilation: [1, 1], padding: [(1, 1), (1, 1)])
        #expect(try gradient(g, w).scalars(as: Float.self)
                == Self.expected(definition, x: try g.scalars(as: Float.self), w: flipped, outputs: [2, 2]))
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

import Testing
import XLATensor

/// The kernel gradient of a small NHWC layer whose output cotangent has more
/// positions than its kernel has taps (ResNet18's 4x4 layers) is the
/// window-slice form (Convolution+WindowSlices.swift). Entries are small
/// integers, so every sum is exact in float32 whatever its order, and values
/// are compared exactly with a direct evaluation of the definition.
@Suite struct ConvolutionWindowSlicesTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let input: [Int], kernel: [Int], channels: Int, features: Int
        let strides: [Int], rhsDilation: [Int], padding: [(Int, Int)]
        var testDescription: String { name }
    }

    static let cases = [
        Case(name: "4x4 SAME 3x3, as ResNet18's 4x4 layers", input: [4, 4], kernel: [3, 3], channels: 3, features: 4,
             strides: [1, 1], rhsDilation: [1, 1], padding: [(1, 1), (1, 1)]),
        Case(name: "7x5 VALID 2x3 with strides 2, 1", input: [7, 5], kernel: [2, 3], channels: 2, features: 3,
             strides: [2, 1], rhsDilation: [1, 1], padding: [(0, 0), (0, 0)]),
        Case(name: "6x6 dilated 2x2 kernel, uneven padding", input: [6, 6], kernel: [2, 2], channels: 3, features: 2,
             strides: [1, 1], rhsDilation: [2, 2], padding: [(1, 0), (0, 1)]),
    ]

    static let numbers = ConvDimensionNumbers(lhs: "NHWC", rhs: "HWIO", output: "NHWC")
    static let batch = 2

    static func convolve(_ test: Case, _ x: Tensor, _ w: Tensor) -> Tensor {
        convGeneralDilated(x, w, windowStrides: test.strides, padding: .explicit(test.padding.map { Padding.Pair($0.0, $0.1) }),
                           rhsDilation: test.rhsDilation, dimensionNumbers: numbers)
    }

    /// The layer's input, kernel and an output cotangent of small integers.
    static func operands(_ test: Case) throws -> (x: Tensor, w: Tensor, g: Tensor) {
        let xShape = [batch] + test.input + [test.channels], wShape = test.kernel + [test.channels, test.features]
        let x = Tensor((0..<xShape.reduce(1, *)).map { Float($0 % 5 - 2) }, shape: xShape)
        let w = Tensor((0..<wShape.reduce(1, *)).map { Float($0 % 3 - 1) }, shape: wShape)
        let outputs = convolve(test, x, w).shape
        let g = Tensor((0..<outputs.reduce(1, *)).map { Float($0 % 7 - 3) }, shape: outputs)
        return (x, w, g)
    }

    /// The definition of the kernel gradient: at tap `(a, b)`, input channel
    /// `c` and output feature `o`, the sum over batch and output positions
    /// `(i, j)` of the padded input at `(i·stride + a·dilation, ...)` (zero
    /// in the padding) times the cotangent at `(i, j)`.
    static func kernelGradient(_ test: Case, x: [Float], g: [Float], outputs: [Int]) -> [Float] {
        let (c, f) = (test.channels, test.features)
        func input(_ n: Int, _ position: [Int], _ channel: Int) -> Float {
            let index = (0..<2).map { position[$0] - test.padding[$0].0 }
            guard (0..<2).allSatisfy({ index[$0] >= 0 && index[$0] < test.input[$0] }) else { return 0 }
            return x[((n * test.input[0] + index[0]) * test.input[1] + index[1]) * c + channel]
        }
        var result = [Float]()
        for a in 0..<test.kernel[0] {
            for b in 0..<test.kernel[1] {
                for channel in 0..<c {
                    for o in 0..<f {
                        var sum: Float = 0
                        for n in 0..<batch {
                            for i in 0..<outputs[0] {
                                for j in 0..<outputs[1] {
                                    let position = [i * test.strides[0] + a * test.rhsDilation[0],
                                                    j * test.strides[1] + b * test.rhsDilation[1]]
                                    sum += input(n, position, channel) * g[((n * outputs[0] + i) * outputs[1] + j) * f + o]
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

    static func kernelGradientFunction(_ test: Case, _ x: Tensor) -> (Tensor, Tensor) -> Tensor {
        { (w: Tensor, g: Tensor) in grad { (w: Tensor) in (convolve(test, x, w) * g).sum() }(w) }
    }

    @Test(arguments: cases)
    func kernelGradientEqualsTheDefinition(_ test: Case) throws {
        let (x, w, g) = try Self.operands(test)
        let gradient = try jit(Self.kernelGradientFunction(test, x))(w, g)
        #expect(gradient.shape == w.shape)
        let outputs = Array(g.shape[1...2])
        #expect(try gradient.scalars(as: Float.self)
                == Self.kernelGradient(test, x: try x.scalars(as: Float.self), g: try g.scalars(as: Float.self),
                                       outputs: outputs))
    }

    /// One slice per kernel tap (the gradient's output position), stacked,
    /// and one dot whose rows are the batch and the cotangent's positions:
    /// `[taps, N·positions, C] x [N·positions, O]`.
    @Test(arguments: cases)
    func kernelGradientIsOneDotOfStackedWindows(_ test: Case) throws {
        let (x, w, g) = try Self.operands(test)
        let text = try jit(Self.kernelGradientFunction(test, x)).lower(w, g).stableHLO()
        #expect(!text.contains("stablehlo.convolution"), "\(text)")
        let (taps, rows) = (test.kernel.reduce(1, *), g.shape.dropLast().reduce(1, *))
        #expect(text.contains("(tensor<\(taps)x\(rows)x\(test.channels)xf32>, tensor<\(rows)x\(test.features)xf32>)"),
                "\(text)")
        #expect(text.components(separatedBy: "stablehlo.dot_general").count == 2, "\(text)")
    }
}

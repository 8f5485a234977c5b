import Testing
import XLAIR
import XLARuntime

/// The tap form of a convolution whose kernel is laid out `[spatial..., O, I]`
/// (how an input gradient sees an HWIO kernel) reads the kernel where it
/// lies: no transpose; with unit strides one plain dot of the input's rows
/// and every live tap, its products placed by `pad` (the scattered form),
/// with other strides one `dot_general` batched over the live taps (or one
/// plain dot for a single live tap); and the same values as the form that
/// contracts a `[taps·I, O]` matrix, which the HWIO layout of the same
/// kernel gets.
@Suite struct ConvolutionKernelInPlaceTests {
    /// A small convolution: its input shape, window strides and padding.
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let input: [Int]
        let strides: [Int], low: [Int], high: [Int]
        /// How many kernel taps read the input.
        let liveTaps: Int
        var testDescription: String { name }
    }

    static let cases = [
        Case(name: "3x3 on 2x2 SAME, every tap live", input: [2, 2, 2, 3], strides: [1, 1], low: [1, 1], high: [1, 1],
             liveTaps: 9),
        Case(name: "3x3 on 1x1 SAME, the centre alone", input: [2, 1, 1, 3], strides: [1, 1], low: [1, 1], high: [1, 1],
             liveTaps: 1),
        Case(name: "3x3 stride 2 on 2x2, four taps", input: [2, 2, 2, 3], strides: [2, 2], low: [0, 0], high: [1, 1],
             liveTaps: 4),
    ]

    static let (inputFeatures, outputFeatures) = (3, 4)

    /// The convolution of an NHWC input with a 3x3 kernel laid out HWOI
    /// (`outputFirst`) or HWIO.
    static func program(_ test: Case, outputFirst: Bool) throws -> Program {
        let layout = ConvolutionLayout(
            inputBatch: 0, inputFeature: 3, inputSpatial: [1, 2], kernelInputFeature: outputFirst ? 3 : 2,
            kernelOutputFeature: outputFirst ? 2 : 3, kernelSpatial: [0, 1], outputBatch: 0, outputFeature: 3,
            outputSpatial: [1, 2])
        let configuration = ConvolutionConfiguration(dimensions: layout, windowStrides: test.strides, paddingLow: test.low,
                                                     paddingHigh: test.high)
        let features = outputFirst ? [outputFeatures, inputFeatures] : [inputFeatures, outputFeatures]
        let builder = FunctionBuilder()
        let x = builder.parameter(TensorType(.float32, test.input))
        let w = builder.parameter(TensorType(.float32, [3, 3] + features))
        let y = try builder.apply(.convolution, x, w, attributes: configuration.attributes)
        return Program(functions: [builder.finish(returning: [y])])
    }

    @Test(arguments: cases)
    func kernelIsContractedWhereItLies(_ test: Case) throws {
        let text = try Self.program(test, outputFirst: true).stableHLO()
        let rows = test.input[0] * test.input[1] * test.input[2]
        // With fewer rows than input features (the 1x1 case) the scattered
        // form multiplies the kernel by the input, and each tap's [O, N, 1, 1]
        // products are transposed to [N, 1, 1, O]; the kernel never is.
        let kernelFirst = test.strides == [1, 1] && rows < Self.inputFeatures
        let transposes = text.split(separator: "\n").filter { $0.contains("stablehlo.transpose") }
        #expect(kernelFirst || transposes.isEmpty, "\(text)")
        #expect(transposes.allSatisfy { $0.contains("(tensor<4x\(rows)x1x1xf32>) -> (tensor<\(rows)x1x1x4xf32>)") },
                "\(text)")
        #expect(!text.contains("stablehlo.convolution"))
        #expect(text.components(separatedBy: "stablehlo.dot_general").count == 2, "\(text)")
        #expect(text.contains("(tensor<3x3x4x3xf32>) -> (tensor<9x4x3xf32>)"), "the kernel as [taps, O, I]: \(text)")
        if test.strides == [1, 1] {
            // Scattered: the input's 2·h·w rows times all live taps at once, no sum over a tap dimension.
            let operands = ["tensor<\(rows)x3xf32>", "tensor<\(test.liveTaps)x4x3xf32>"]
            #expect(text.contains("(\((kernelFirst ? operands.reversed() : operands).joined(separator: ", ")))"), "\(text)")
            #expect(!text.contains("stablehlo.reduce") && !text.contains("batching"), "\(text)")
        } else {
            #expect(text.contains("lhs_batching_dimensions = [0], rhs_batching_dimensions = [0]"), "\(text)")
            #expect(text.contains("tensor<\(test.liveTaps)x4x3xf32>) -> (tensor<\(test.liveTaps)x"), "\(text)")
            #expect(text.contains("stablehlo.reduce"))
        }
    }

    /// Equal: the entries are small multiples of 1/4, so the two forms'
    /// sums (at most 27 products per output, in another order) are exact.
    @Test(arguments: cases)
    func valuesMatchTheMatrixForm(_ test: Case) throws {
        let count = test.input.reduce(1, *)
        let x = Literal((0..<count).map { Float($0 % 7) - 3 }, shape: test.input)
        let (i, o) = (Self.inputFeatures, Self.outputFeatures)
        // w[h, w, c, k] for the HWIO kernel; the same entries laid out HWOI.
        let entry = { (tap: Int, c: Int, k: Int) in Float((tap * 5 + c * 3 + k) % 11) / 4 - 1.25 }
        let hwio = Literal((0..<9 * i * o).map { entry($0 / (i * o), $0 / o % i, $0 % o) }, shape: [3, 3, i, o])
        let hwoi = Literal((0..<9 * i * o).map { entry($0 / (i * o), $0 % i, $0 / i % o) }, shape: [3, 3, o, i])
        let floats = { (literal: Literal) in literal.bitPatterns.map { Float(bitPattern: UInt32(truncatingIfNeeded: $0)) } }
        for plugin in cpuPlugins {
            let inPlace = floats(try run(try Self.program(test, outputFirst: true), [x, hwoi], plugin: plugin)[0])
            let matrix = floats(try run(try Self.program(test, outputFirst: false), [x, hwio], plugin: plugin)[0])
            #expect(inPlace == matrix, "\(plugin)")
            #expect(matrix.contains { $0 != 0 })
        }
    }
}

import Testing
import XLAIR
import XLARuntime

/// The `convolution` op: its attributes print and parse back, its shape rule
/// rejects bad configurations with a reason, and both of its lowerings
/// (`stablehlo.convolution` and the tap form) compile and agree on both CPU
/// plugins.
@Suite struct ConvolutionIRTests {
    /// NHWC input, HWIO kernel, NHWC output, two spatial dimensions.
    static let nhwc = ConvolutionLayout(
        inputBatch: 0, inputFeature: 3, inputSpatial: [1, 2], kernelInputFeature: 2, kernelOutputFeature: 3,
        kernelSpatial: [0, 1], outputBatch: 0, outputFeature: 3, outputSpatial: [1, 2])

    /// A program computing one convolution of parameters of the given types.
    static func program(_ lhs: [Int], _ rhs: [Int], _ configuration: ConvolutionConfiguration) throws -> Program {
        let builder = FunctionBuilder()
        let x = builder.parameter(TensorType(.float32, lhs))
        let w = builder.parameter(TensorType(.float32, rhs))
        let y = try builder.apply(.convolution, x, w, attributes: configuration.attributes)
        return Program(functions: [builder.finish(returning: [y])])
    }

    /// The shape-rule error for a convolution of the given types, as text.
    static func rejection(_ lhs: [Int], _ rhs: [Int], _ attributes: Attributes) -> String {
        let builder = FunctionBuilder()
        let x = builder.parameter(TensorType(.float32, lhs))
        let w = builder.parameter(TensorType(.float32, rhs))
        do {
            _ = try builder.apply(.convolution, x, w, attributes: attributes)
            return ""
        } catch {
            return "\(error)"
        }
    }

    @Test func attributesRoundTripThroughText() throws {
        let configuration = ConvolutionConfiguration(
            dimensions: Self.nhwc, windowStrides: [2, 1], paddingLow: [1, -1], paddingHigh: [0, 2], lhsDilation: [1, 2],
            rhsDilation: [2, 1], featureGroupCount: 2)
        let program = try Self.program([1, 7, 6, 4], [2, 3, 2, 6], configuration)
        let text = program.irText
        #expect(text.contains("padding_low = [1, -1]") && text.contains("feature_group_count = 2"), "\(text)")
        let parsed = try Program(parsing: text)
        try parsed.verify()
        #expect(parsed.irText == text)
        let instruction = parsed.functions[0].body.instructions[0]
        #expect(try ConvolutionConfiguration(AttributeReader(op: "convolution", attributes: instruction.attributes)) == configuration)
        #expect(instruction.resultTypes == [TensorType(.float32, [1, 3, 10, 6])])
    }

    @Test func shapeRuleRejectsBadConfigurations() {
        let good = ConvolutionConfiguration(dimensions: Self.nhwc)
        var attributes = good.attributes
        attributes["kernel_spatial_dimensions"] = nil
        #expect(Self.rejection([1, 4, 4, 2], [3, 3, 2, 1], attributes).contains("kernel_spatial_dimensions"))
        var repeated = Self.nhwc
        repeated.outputSpatial = [1, 1]
        #expect(Self.rejection([1, 4, 4, 2], [3, 3, 2, 1], ConvolutionConfiguration(dimensions: repeated).attributes)
            .contains("repeats"))
        #expect(Self.rejection([1, 4, 4, 2], [3, 3, 2, 1], ConvolutionConfiguration(dimensions: Self.nhwc, windowStrides: [1])
            .attributes).contains("window_strides"))
        #expect(Self.rejection([1, 4, 4, 2], [3, 3, 2, 1], ConvolutionConfiguration(dimensions: Self.nhwc, rhsDilation: [0, 1])
            .attributes).contains("positive"))
        #expect(Self.rejection([1, 4, 4, 2], [3, 3, 3, 1], good.attributes).contains("features"))
        #expect(Self.rejection([1, 4, 4, 2], [3, 3, 2], good.attributes).contains("rank"))
        #expect(Self.rejection([1, 4, 4, 2], [3, 3, 2, 1], ConvolutionConfiguration(
            dimensions: Self.nhwc, paddingLow: [-3, 0], paddingHigh: [-2, 0]).attributes).contains("crops"))
        #expect(Self.rejection([3, 4, 4, 2], [3, 3, 2, 4], ConvolutionConfiguration(
            dimensions: Self.nhwc, batchGroupCount: 2).attributes).contains("batch of 3"))
    }

    @Test func loweringChoosesTheFormBySpatialSize() throws {
        let same = ConvolutionConfiguration(dimensions: Self.nhwc, paddingLow: [1, 1], paddingHigh: [1, 1])
        let large = try Self.program([1, 9, 9, 2], [3, 3, 2, 4], same).stableHLO()
        #expect(large.contains("dimension_numbers = #stablehlo.conv<[b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f]>"), "\(large)")
        #expect(large.contains("padding = dense<[[1, 1], [1, 1]]> : tensor<2x2xi64>"))
        let small = try Self.program([1, 2, 2, 2], [3, 3, 2, 4], same).stableHLO()
        #expect(!small.contains("stablehlo.convolution"))
        // 2x2 input, SAME 3x3: every tap reads the input; one [4, 18] x [18, 4] product.
        #expect(small.contains("(tensor<4x18xf32>, tensor<18x4xf32>) -> (tensor<4x4xf32>)"), "\(small)")
        let grouped = ConvolutionConfiguration(dimensions: Self.nhwc, paddingLow: [1, 1], paddingHigh: [1, 1],
                                               featureGroupCount: 2)
        #expect(try Self.program([1, 2, 2, 2], [3, 3, 1, 4], grouped).stableHLO().contains("stablehlo.convolution"))
    }

    /// Both plugins run both forms and agree with each other.
    @Test(arguments: [[1, 2, 2, 3], [1, 9, 9, 3]])
    func bothFormsRunOnBothPlugins(input: [Int]) throws {
        let configuration = ConvolutionConfiguration(dimensions: Self.nhwc, windowStrides: [2, 1], paddingLow: [1, 2],
                                                     paddingHigh: [1, 2], rhsDilation: [1, 2])
        let program = try Self.program(input, [3, 3, 3, 2], configuration)
        let count = { (shape: [Int]) in shape.reduce(1, *) }
        let x = Literal((0..<count(input)).map { Float($0 % 7) - 3 }, shape: input)
        let w = Literal((0..<count([3, 3, 3, 2])).map { Float($0 % 5) / 4 - 0.5 }, shape: [3, 3, 3, 2])
        let results = try cpuPlugins.map { try run(program, [x, w], plugin: $0)[0] }
        #expect(results[0] == results[1])
        #expect(results[0].bitPatterns.contains { $0 != 0 })
    }
}

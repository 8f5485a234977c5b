import Haiku
import Testing

/// The convolution modules' errors against what Haiku 0.0.17 raises
/// (`Fixtures/conv_modules.json`, group "errors"), and the errors Haiku
/// leaves to `lax` (pad functions where `lax` takes only pairs).
@Suite struct ConvolutionModuleErrorTests {
    @Test(arguments: ConvolutionFixtures.errorCases)
    func errorsMatchHaiku(_ name: String) throws {
        let c = ConvolutionFixtures.file["errors"][name]
        let x = Tensor.zeros(c["x_shape"].ints)
        let error = try #require(initializationError(x, ConvolutionFixtures.module(c)), "\(name): no error")
        // Haiku's message with Python's tuples written as Swift arrays where they are shapes.
        var message = c["message"].string
        if message.hasSuffix(".") { message.removeLast() }
        if message.contains("Shapes are") || message.contains("input has shape") {
            message = message.replacingOccurrences(of: "(", with: "[").replacingOccurrences(of: ")", with: "]")
        }
        #expect(error.description.contains(message), "\(name): \(error) does not contain \(message)")
        let module = ConvolutionFixtures.file["errors"][name]["class"].string
        #expect(error.description.contains("(\(module)): "), "\(name): \(error) does not name the module")
    }

    @Test func padFunctionsAreRejectedWhereHaikuPassesPaddingToLax() throws {
        let cases: [(String, (Tensor) -> Tensor, [Int])] = [
            ("DepthwiseConv2D", DepthwiseConv2D(channelMultiplier: 1, kernelShape: 3, padding: .causal).callAsFunction,
             [1, 4, 4, 2]),
            ("Conv2DTranspose", Conv2DTranspose(outputChannels: 1, kernelShape: 3, padding: .full).callAsFunction,
             [1, 4, 4, 2]),
            ("Conv1DTranspose", Conv1DTranspose(outputChannels: 1, kernelShape: 3, padding: .explicit([(1, 1), (1, 1)]))
                .callAsFunction, [1, 4, 2]),
        ]
        for (module, call, shape) in cases {
            let error = try #require(initializationError(Tensor.zeros(shape), call))
            #expect(error.description.contains("(\(module)): padding must be .same, .valid or"), "\(error)")
        }
    }

    @Test func numSpatialDimsMustBePositive() throws {
        let error = try #require(initializationError(
            Tensor.zeros([1, 2]), ConvND(numSpatialDims: 0, outputChannels: 1, kernelShape: 1).callAsFunction))
        #expect(error.description.contains("conv_nd (ConvND): We only support convolution operations for "
                                           + "`num_spatial_dims` greater than 0, received num_spatial_dims=0"), "\(error)")
    }

    @Test func depthwiseModulesNeedABatch() throws {
        let error = try #require(initializationError(
            Tensor.zeros([4, 4, 2]), DepthwiseConv2D(channelMultiplier: 1, kernelShape: 3).callAsFunction))
        #expect(error.description.contains("Input to DepthwiseConvND needs to have rank in [4], but input has shape [4, 4, 2]"),
                "\(error)")
    }
}

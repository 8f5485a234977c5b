/// Everything about a `convolution` besides its operands: dimension
/// numbers, window strides, padding, dilations and group counts (the
/// attributes of ``Convolution``, JAX's `conv_general_dilated` parameters).
public struct ConvolutionConfiguration: Hashable, OpConfiguration {
    /// Where each operand's dimensions lie.
    public var dimensions: ConvolutionLayout
    /// The window's step along each spatial dimension.
    public var windowStrides: [Int]
    /// Elements added before each spatial dimension of the dilated input (negative crops).
    public var paddingLow: [Int]
    /// Elements added after each spatial dimension of the dilated input (negative crops).
    public var paddingHigh: [Int]
    /// The input's dilation: `d - 1` zeros between neighbouring elements.
    public var lhsDilation: [Int]
    /// The kernel's dilation (atrous convolution).
    public var rhsDilation: [Int]
    /// The number of groups the input features are split into.
    public var featureGroupCount: Int
    /// The number of groups the input batch is split into.
    public var batchGroupCount: Int

    /// A configuration; strides and dilations default to ones, padding to zeros.
    public init(dimensions: ConvolutionLayout, windowStrides: [Int]? = nil, paddingLow: [Int]? = nil,
                paddingHigh: [Int]? = nil, lhsDilation: [Int]? = nil, rhsDilation: [Int]? = nil,
                featureGroupCount: Int = 1, batchGroupCount: Int = 1) {
        let ones = Array(repeating: 1, count: dimensions.inputSpatial.count)
        let zeros = Array(repeating: 0, count: dimensions.inputSpatial.count)
        self.dimensions = dimensions
        self.windowStrides = windowStrides ?? ones
        self.paddingLow = paddingLow ?? zeros
        self.paddingHigh = paddingHigh ?? zeros
        self.lhsDilation = lhsDilation ?? ones
        self.rhsDilation = rhsDilation ?? ones
        self.featureGroupCount = featureGroupCount
        self.batchGroupCount = batchGroupCount
    }

    /// Reads an instruction's attributes: the dimension numbers are
    /// required; absent optional ones take their defaults.
    public init(_ attributes: AttributeReader) throws {
        try self.init(
            dimensions: ConvolutionLayout(
                inputBatch: attributes.int("input_batch_dimension"), inputFeature: attributes.int("input_feature_dimension"),
                inputSpatial: attributes.ints("input_spatial_dimensions"),
                kernelInputFeature: attributes.int("kernel_input_feature_dimension"),
                kernelOutputFeature: attributes.int("kernel_output_feature_dimension"),
                kernelSpatial: attributes.ints("kernel_spatial_dimensions"),
                outputBatch: attributes.int("output_batch_dimension"), outputFeature: attributes.int("output_feature_dimension"),
                outputSpatial: attributes.ints("output_spatial_dimensions")),
            windowStrides: attributes.ints("window_strides", default: nil),
            paddingLow: attributes.ints("padding_low", default: nil), paddingHigh: attributes.ints("padding_high", default: nil),
            lhsDilation: attributes.ints("lhs_dilation", default: nil), rhsDilation: attributes.ints("rhs_dilation", default: nil),
            featureGroupCount: attributes.int("feature_group_count", default: 1) ?? 1,
            batchGroupCount: attributes.int("batch_group_count", default: 1) ?? 1)
    }

    /// The instruction attributes that hold this configuration.
    public var attributes: Attributes {
        let d = dimensions
        return [
            "input_batch_dimension": .int(d.inputBatch), "input_feature_dimension": .int(d.inputFeature),
            "input_spatial_dimensions": .ints(d.inputSpatial),
            "kernel_input_feature_dimension": .int(d.kernelInputFeature),
            "kernel_output_feature_dimension": .int(d.kernelOutputFeature),
            "kernel_spatial_dimensions": .ints(d.kernelSpatial),
            "output_batch_dimension": .int(d.outputBatch), "output_feature_dimension": .int(d.outputFeature),
            "output_spatial_dimensions": .ints(d.outputSpatial),
            "window_strides": .ints(windowStrides), "padding_low": .ints(paddingLow), "padding_high": .ints(paddingHigh),
            "lhs_dilation": .ints(lhsDilation), "rhs_dilation": .ints(rhsDilation),
            "feature_group_count": .int(featureGroupCount), "batch_group_count": .int(batchGroupCount),
        ]
    }

    /// The number of spatial dimensions.
    public var spatialRank: Int { dimensions.inputSpatial.count }

    /// Whether output position `output` reads an input element (not padding,
    /// not a dilation hole) through kernel tap `tap` along spatial dimension
    /// `index`, for an input of `input` elements there.
    func reads(_ index: Int, tap: Int, output: Int, input: Int) -> Bool {
        // A position that overflows Int lies outside the input.
        guard let position = (CheckedSize(tap) * rhsDilation[index] + CheckedSize(output) * windowStrides[index]
                              - paddingLow[index]).value else { return false }
        return position >= 0 && position < Dilation.extent(of: input, by: lhsDilation[index])
            && position % lhsDilation[index] == 0
    }

    /// The output size along spatial dimension `index` for an input and
    /// kernel of the given sizes there.
    ///
    /// - Throws: a reason when the padding crops more than the dilated input
    ///   holds, or the padded input or the dilated kernel overflows `Int`.
    func outputSize(_ index: Int, input: Int, kernel: Int) throws(OutputSizeProblem) -> Int {
        let padded = CheckedSize(paddingLow[index]) + paddingHigh[index] + Dilation.checkedExtent(of: input, by: lhsDilation[index])
        guard let padded = padded.value else { throw .overflow("the padded, dilated input") }
        guard padded >= 0 else { throw .crops }
        guard let window = Dilation.checkedExtent(of: kernel, by: rhsDilation[index]).value else {
            throw .overflow("the dilated kernel")
        }
        return padded < window ? 0 : (padded - window) / windowStrides[index] + 1
    }

    /// Why a spatial dimension has no output size.
    enum OutputSizeProblem: Error {
        /// The padding crops more than the dilated input holds.
        case crops
        /// The size of the named extent overflows `Int`.
        case overflow(String)
    }
}

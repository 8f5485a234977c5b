/// Everything about a `convolution` besides its operands: dimension
/// numbers, window strides, padding, dilations and group counts (the
/// attributes of ``Convolution``, JAX's `conv_general_dilated` parameters).
public struct ConvolutionConfiguration: Hashable, Sendable {
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

    /// Reads an instruction's attributes (absent optional ones take their
    /// defaults; the schema has checked the required ones are present).
    public init(_ attributes: Attributes) {
        let int = { (name: String) in attributes.int(name) ?? 0 }
        let ints = { (name: String) in attributes.ints(name) ?? [] }
        self.init(
            dimensions: ConvolutionLayout(
                inputBatch: int("input_batch_dimension"), inputFeature: int("input_feature_dimension"),
                inputSpatial: ints("input_spatial_dimensions"),
                kernelInputFeature: int("kernel_input_feature_dimension"),
                kernelOutputFeature: int("kernel_output_feature_dimension"), kernelSpatial: ints("kernel_spatial_dimensions"),
                outputBatch: int("output_batch_dimension"), outputFeature: int("output_feature_dimension"),
                outputSpatial: ints("output_spatial_dimensions")),
            windowStrides: attributes.ints("window_strides"), paddingLow: attributes.ints("padding_low"),
            paddingHigh: attributes.ints("padding_high"), lhsDilation: attributes.ints("lhs_dilation"),
            rhsDilation: attributes.ints("rhs_dilation"), featureGroupCount: attributes.int("feature_group_count") ?? 1,
            batchGroupCount: attributes.int("batch_group_count") ?? 1)
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

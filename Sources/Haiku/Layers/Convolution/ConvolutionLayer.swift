/// What Haiku's convolution modules share: the kernel, stride, padding,
/// bias and data format, fixed at creation, and the steps around the
/// convolution itself (reading the data format, checking the input's rank,
/// adding a batch axis to an unbatched input, creating `w` and `b`).
/// Use ``ConvND``, ``ConvNDTranspose``, ``DepthwiseConvND`` or their
/// subclasses; this class has no `callAsFunction` and cannot be created
/// outside this module.
public class ConvolutionLayer: Module {
    /// The number of spatial dimensions.
    public let numSpatialDims: Int
    /// The kernel's spatial shape, as given.
    public let kernelShape: SpatialShape
    /// The stride, as given.
    public let stride: SpatialShape
    /// The padding, as given.
    public let padding: ConvPadding
    /// Whether `b` is added.
    public let withBias: Bool
    /// The input's layout.
    public let dataFormat: DataFormat
    let wInit: (any Initializer)?
    let bInit: any Initializer

    /// The shared arguments (`bInit` defaults to zeros, as in Haiku).
    init(numSpatialDims: Int, kernelShape: SpatialShape, stride: SpatialShape,
         padding: ConvPadding, withBias: Bool, wInit: (any Initializer)?, bInit: (any Initializer)?,
         dataFormat: DataFormat, name: ModuleName) {
        (self.numSpatialDims, self.kernelShape, self.stride) = (numSpatialDims, kernelShape, stride)
        (self.padding, self.withBias, self.wInit, self.bInit, self.dataFormat) =
            (padding, withBias, wInit, bInit ?? Constant(0), dataFormat)
        super.init(name: name)
    }

    /// The arguments that differ from Haiku's defaults, after the leading
    /// ones (`outputChannels: 8, kernelShape: 3`); a channels-last data
    /// format is not listed.
    public override var configuration: [String] {
        var entries = leadingConfiguration + ["kernelShape: \(kernelShape)"]
        if stride != 1 { entries.append("stride: \(stride)") }
        if case .same = padding {} else { entries.append("padding: \(padding)") }
        if !withBias { entries.append("withBias: false") }
        if (try? dataFormat.channelsComeLast()) != true { entries.append("dataFormat: \(dataFormat)") }
        return entries
    }

    /// The family's class, which Haiku's rank error names (`ConvND`).
    var familyName: String { className }

    /// The configuration entries before the kernel shape (`outputChannels: 8`).
    var leadingConfiguration: [String] { [] }

    /// The resolved arguments of one call, handed to the convolution.
    struct Call {
        /// The input with its batch axis.
        let inputs: Tensor
        /// Whether the channels come last.
        let channelsLast: Bool
        /// The kernel's spatial shape, one entry per dimension.
        let kernel: [Int]
        /// The stride, one entry per dimension.
        let stride: [Int]

        /// The input's channel count.
        var inputChannels: Int { inputs.shape[channelsLast ? inputs.rank - 1 : 1] }
        /// The input's spatial shape.
        var spatialShape: [Int] { Array(channelsLast ? inputs.shape.dropFirst().dropLast() : inputs.shape.dropFirst(2)) }
    }

    /// Runs `convolve` on `inputs` with a batch axis (added and removed
    /// again for an unbatched input when `acceptsUnbatched`), after reading
    /// the data format, kernel shape and stride. A `HaikuError` thrown on
    /// the way is recorded with this module's name, and the result poisoned.
    func convolve(_ inputs: Tensor, acceptsUnbatched: Bool,
                  _ convolve: (Call) throws(HaikuError) -> Tensor) -> Tensor {
        reportingErrors(inputs) { () throws(HaikuError) in
            guard numSpatialDims > 0 else {
                throw HaikuError.invalidArgument(
                    "We only support convolution operations for `num_spatial_dims` greater than 0, received "
                        + "num_spatial_dims=\(numSpatialDims)", location: nil)
            }
            let channelsLast = try dataFormat.channelsComeLast()
            let kernel = try kernelShape.replicated(numSpatialDims, name: "kernel_shape")
            let stride = try stride.replicated(numSpatialDims, name: "strides")
            let ranks = acceptsUnbatched ? [numSpatialDims + 1, numSpatialDims + 2] : [numSpatialDims + 2]
            guard ranks.contains(inputs.rank) else {
                throw HaikuError.invalidArgument(
                    "Input to \(familyName) needs to have rank in \(ranks), but input has shape \(inputs.shape)", location: nil)
            }
            let unbatched = inputs.rank == numSpatialDims + 1
            let call = Call(inputs: unbatched ? inputs.expandingDimensions(axis: 0) : inputs, channelsLast: channelsLast,
                            kernel: kernel, stride: stride)
            let output = try convolve(call)
            return unbatched ? output.squeezed(axes: [0]) : output
        }
    }

    /// The parameter `w` of `shape` in `dtype`, with Haiku's default
    /// initializer `TruncatedNormal(stddev: 1/√fanIn)` unless `wInit` was given,
    /// multiplied by `mask` when there is one (which must have `shape`).
    /// `fanIn` defaults to the product of all but `w`'s last dimension.
    func weight(_ shape: [Int], fanIn: Int? = nil, dtype: ElementType, mask: Tensor?) throws(HaikuError) -> Tensor {
        let fanIn = fanIn ?? shape.dropLast().reduce(1, *)
        if let mask, mask.shape != shape {
            throw HaikuError.invalidArgument(
                "Mask needs to have the same shape as weights. Shapes are: \(mask.shape), \(shape)", location: nil)
        }
        let w = parameter("w", shape: shape, dtype: dtype,
                          init: wInit ?? TruncatedNormal(stddev: 1 / Double(fanIn).squareRoot()))
        return mask.map { w * $0 } ?? w
    }

    /// `output` plus the parameter `b` of `channels` entries when `withBias`
    /// (shape `[channels]` for channels last, `[channels, 1, ...]` for
    /// channels first, as Haiku).
    func addingBias(_ output: Tensor, channels: Int, channelsLast: Bool) -> Tensor {
        guard withBias else { return output }
        let shape = channelsLast ? [channels] : [channels] + Array(repeating: 1, count: numSpatialDims)
        return output + parameter("b", shape: shape, dtype: output.dtype, init: bInit)
    }

    /// The layouts Haiku gives `lax` (`to_dimension_numbers`): batch first,
    /// channels first or last; the kernel's spatial dimensions, then
    /// `kernelFeatures` (`"IO"`, or `"OI"` for a transposed convolution).
    func dimensionNumbers(channelsLast: Bool, kernelFeatures: String) -> ConvDimensionNumbers {
        let spatial = String((0..<numSpatialDims).map { Character(Unicode.Scalar(UInt8(0x61 + $0 % 26))) })
        let image = channelsLast ? "N\(spatial)C" : "NC\(spatial)"
        return ConvDimensionNumbers(lhs: image, rhs: spatial + kernelFeatures, output: image)
    }
}

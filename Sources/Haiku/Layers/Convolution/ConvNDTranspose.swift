/// An N-dimensional transposed convolution, or deconvolution
/// (`hk.ConvNDTranspose`): the input dilated by `stride`, then convolved.
///
/// Parameters: `w` of shape `kernelShape + [outputChannels, inChannels]`
/// (default `TruncatedNormal(stddev: 1/√fanIn)`, `fanIn` = the kernel's
/// size times `inChannels`) and `b` as in ``ConvND``, both in the input's dtype.
public class ConvNDTranspose: ConvolutionLayer, UnaryLayer {
    /// The number of output channels.
    public let outputChannels: Int
    /// The output's spatial shape, as given; nil to compute it from the padding.
    public let outputShape: SpatialShape?
    /// The weight mask, multiplied into `w`; nil for none.
    public let mask: Tensor?

    /// A transposed convolution over `numSpatialDims` spatial dimensions; see
    /// ``Conv2DTranspose/init(outputChannels:kernelShape:stride:outputShape:padding:withBias:wInit:bInit:dataFormat:mask:name:)``.
    public init(numSpatialDims: Int, outputChannels: Int, kernelShape: SpatialShape, stride: SpatialShape = 1,
                outputShape: SpatialShape? = nil, padding: ConvPadding = .same, withBias: Bool = true,
                wInit: (any Initializer)? = nil, bInit: (any Initializer)? = nil,
                dataFormat: DataFormat = .channelsLast, mask: Tensor? = nil, name: ModuleName = nil) {
        (self.outputChannels, self.outputShape, self.mask) = (outputChannels, outputShape, mask)
        super.init(numSpatialDims: numSpatialDims, kernelShape: kernelShape, stride: stride, padding: padding,
                   withBias: withBias, wInit: wInit, bInit: bInit, dataFormat: dataFormat, name: name)
    }

    /// The shared entries (see ``ConvolutionLayer/configuration``), then the
    /// output shape and a mask when given.
    public override var configuration: [String] {
        super.configuration + (outputShape.map { ["outputShape: \($0)"] } ?? []) + (mask.map { ["mask: \($0.type)"] } ?? [])
    }

    override var familyName: String { "ConvNDTranspose" }

    override var leadingConfiguration: [String] {
        (type(of: self) == ConvNDTranspose.self ? ["numSpatialDims: \(numSpatialDims)"] : [])
            + ["outputChannels: \(outputChannels)"]
    }

    /// The transposed convolution of `inputs` (rank `numSpatialDims + 1` or `+ 2`).
    ///
    /// Errors (reported by `initialize`/`apply`, naming the module): another
    /// rank, a mask of another shape than `w`, an unknown data format,
    /// padding other than `.same`, `.valid` or one pair per dimension,
    /// explicit padding with an `outputShape`, or an `outputShape` the input
    /// cannot produce.
    public func callAsFunction(_ inputs: Tensor) -> Tensor {
        method(inputs) { inputs in
            convolve(inputs, acceptsUnbatched: true) { call throws(HaikuError) in
                let inputChannels = call.inputChannels
                let shape = call.kernel + [outputChannels, inputChannels]
                let w = try weight(shape, fanIn: call.kernel.reduce(inputChannels, *), dtype: call.inputs.dtype,
                                   mask: mask)
                let output = convTranspose(
                    call.inputs, w, strides: call.stride, padding: try resolvedPadding(call),
                    dimensionNumbers: dimensionNumbers(channelsLast: call.channelsLast, kernelFeatures: "OI"))
                return addingBias(output, channels: outputChannels, channelsLast: call.channelsLast)
            }
        }
    }

    /// The padding given to `convTranspose`: Haiku's `padding` as it is, or
    /// with an output shape the pairs that produce it.
    private func resolvedPadding(_ call: Call) throws(HaikuError) -> Padding {
        guard let outputShape else { return try padding.passedToLax(n: numSpatialDims) }
        let same: Bool
        switch padding {
        case .same: same = true
        case .valid: same = false
        case .explicit, .functions:
            throw HaikuError.invalidArgument(
                "When specifying `output_shape`, ensure that paddding is 'VALID' or 'SAME'", location: nil)
        }
        let sizes = try outputShape.replicated(numSpatialDims, name: "output_shape")
        var pairs: [Padding.Pair] = []
        for (dimension, inputSize) in call.spatialShape.enumerated() {
            pairs.append(try adjustedPadding(input: inputSize, output: sizes[dimension], kernel: call.kernel[dimension],
                                             stride: call.stride[dimension], same: same))
        }
        return .explicit(pairs)
    }
}

/// The padding of one dimension that makes a transposed convolution of
/// `input` elements give `output` ones (Haiku's `compute_adjusted_padding`,
/// dilation 1).
///
/// - Throws: ``HaikuError/invalidArgument(_:location:)`` when `SAME` or
///   `VALID` padding would need another input size.
func adjustedPadding(input: Int, output: Int, kernel: Int, stride: Int, same: Bool) throws(HaikuError) -> Padding.Pair {
    let expectedInput = same ? (output + stride - 1).floorDivided(by: stride)
        : (output - kernel + stride).floorDivided(by: stride)
    guard input == expectedInput else {
        throw HaikuError.invalidArgument(
            "The expected input size with the current set of input parameters is \(expectedInput) which doesn't "
                + "match the actual input size \(input)", location: nil)
    }
    let before = same ? Swift.max(0, (input - 1) * stride + kernel - output).floorDivided(by: 2) : 0
    let low = kernel - 1 - before
    return Padding.Pair(low, output + kernel - 1 - ((input - 1) * stride + 1) - low)
}

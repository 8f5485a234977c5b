/// A one-dimensional transposed convolution (`hk.Conv1DTranspose`):
/// ``ConvNDTranspose`` over `"NWC"` (the default) or `"NCW"` inputs.
public final class Conv1DTranspose: ConvNDTranspose {
    /// A 1-D transposed convolution; the arguments are those of
    /// ``Conv2DTranspose/init(outputChannels:kernelShape:stride:outputShape:padding:withBias:wInit:bInit:dataFormat:mask:name:)``.
    public init(outputChannels: Int, kernelShape: SpatialShape, stride: SpatialShape = 1,
                outputShape: SpatialShape? = nil, padding: ConvPadding = .same, withBias: Bool = true,
                wInit: (any Initializer)? = nil, bInit: (any Initializer)? = nil, dataFormat: DataFormat = .nwc,
                mask: Tensor? = nil, name: ModuleName = nil) {
        super.init(numSpatialDims: 1, outputChannels: outputChannels, kernelShape: kernelShape, stride: stride,
                   outputShape: outputShape, padding: padding, withBias: withBias, wInit: wInit, bInit: bInit,
                   dataFormat: dataFormat, mask: mask, name: name)
    }
}

/// A two-dimensional transposed convolution (`hk.Conv2DTranspose`):
/// ``ConvNDTranspose`` over `"NHWC"` (the default) or `"NCHW"` inputs.
///
/// ```swift
/// let up = Conv2DTranspose(outputChannels: 16, kernelShape: 4, stride: 2)  // [8, 7, 7, 32] → [8, 14, 14, 16]
/// ```
public final class Conv2DTranspose: ConvNDTranspose {
    /// A 2-D transposed convolution.
    ///
    /// - Parameters:
    ///   - outputChannels: the number of output channels.
    ///   - kernelShape: the kernel's spatial shape: one size, or one per dimension.
    ///   - stride: the input's dilation: one, or one per dimension.
    ///   - outputShape: the output's spatial shape; nil to compute it from the padding.
    ///   - padding: `.same` (the default), `.valid`, or one `(before, after)`
    ///     pair per dimension (not with `outputShape`).
    ///   - withBias: whether to add `b`.
    ///   - wInit: `w`'s initializer; nil for `TruncatedNormal(stddev: 1/√fanIn)`.
    ///   - bInit: `b`'s initializer; nil for zeros.
    ///   - dataFormat: `.nhwc` (the default) or `.nchw`.
    ///   - mask: multiplied into `w`; it must have `w`'s shape.
    ///   - name: the module's name; nil for `conv2_d_transpose`.
    public init(outputChannels: Int, kernelShape: SpatialShape, stride: SpatialShape = 1,
                outputShape: SpatialShape? = nil, padding: ConvPadding = .same, withBias: Bool = true,
                wInit: (any Initializer)? = nil, bInit: (any Initializer)? = nil, dataFormat: DataFormat = .nhwc,
                mask: Tensor? = nil, name: ModuleName = nil) {
        super.init(numSpatialDims: 2, outputChannels: outputChannels, kernelShape: kernelShape, stride: stride,
                   outputShape: outputShape, padding: padding, withBias: withBias, wInit: wInit, bInit: bInit,
                   dataFormat: dataFormat, mask: mask, name: name)
    }
}

/// A three-dimensional transposed convolution (`hk.Conv3DTranspose`):
/// ``ConvNDTranspose`` over `"NDHWC"` (the default) or `"NCDHW"` inputs.
public final class Conv3DTranspose: ConvNDTranspose {
    /// A 3-D transposed convolution; the arguments are those of
    /// ``Conv2DTranspose/init(outputChannels:kernelShape:stride:outputShape:padding:withBias:wInit:bInit:dataFormat:mask:name:)``.
    public init(outputChannels: Int, kernelShape: SpatialShape, stride: SpatialShape = 1,
                outputShape: SpatialShape? = nil, padding: ConvPadding = .same, withBias: Bool = true,
                wInit: (any Initializer)? = nil, bInit: (any Initializer)? = nil, dataFormat: DataFormat = .ndhwc,
                mask: Tensor? = nil, name: ModuleName = nil) {
        super.init(numSpatialDims: 3, outputChannels: outputChannels, kernelShape: kernelShape, stride: stride,
                   outputShape: outputShape, padding: padding, withBias: withBias, wInit: wInit, bInit: bInit,
                   dataFormat: dataFormat, mask: mask, name: name)
    }
}

/// A one-dimensional convolution (`hk.Conv1D`): ``ConvND`` over `[N, W, C]`
/// (`"NWC"`, the default) or `[N, C, W]` (`"NCW"`) inputs.
public final class Conv1D: ConvND {
    /// A 1-D convolution; the arguments are those of
    /// ``Conv2D/init(outputChannels:kernelShape:stride:rate:padding:withBias:wInit:bInit:dataFormat:mask:featureGroupCount:name:)``.
    public init(outputChannels: Int, kernelShape: SpatialShape, stride: SpatialShape = 1, rate: SpatialShape = 1,
                padding: ConvPadding = .same, withBias: Bool = true, wInit: (any Initializer)? = nil,
                bInit: (any Initializer)? = nil, dataFormat: DataFormat = .nwc, mask: Tensor? = nil,
                featureGroupCount: Int = 1, name: ModuleName = nil) {
        super.init(numSpatialDims: 1, outputChannels: outputChannels, kernelShape: kernelShape, stride: stride,
                   rate: rate, padding: padding, withBias: withBias, wInit: wInit, bInit: bInit, dataFormat: dataFormat,
                   mask: mask, featureGroupCount: featureGroupCount, name: name)
    }
}

/// A two-dimensional convolution (`hk.Conv2D`): ``ConvND`` over
/// `[N, H, W, C]` (`"NHWC"`, the default) or `[N, C, H, W]` (`"NCHW"`) inputs.
///
/// ```swift
/// let conv = Conv2D(outputChannels: 32, kernelShape: 3)  // stride 1, SAME padding, with bias
/// let y = conv(x)                                        // x: [8, 28, 28, 1] → y: [8, 28, 28, 32]
/// ```
public final class Conv2D: ConvND {
    /// A 2-D convolution.
    ///
    /// - Parameters:
    ///   - outputChannels: the number of output channels.
    ///   - kernelShape: the kernel's spatial shape: one size, or one per dimension.
    ///   - stride: the window's step: one, or one per dimension.
    ///   - rate: the kernel's dilation (atrous convolution when above 1).
    ///   - padding: `.same` (the default), `.valid`, `(before, after)` pairs or pad functions.
    ///   - withBias: whether to add `b`.
    ///   - wInit: `w`'s initializer; nil for `TruncatedNormal(stddev: 1/√fanIn)`.
    ///   - bInit: `b`'s initializer; nil for zeros.
    ///   - dataFormat: `.nhwc` (the default) or `.nchw`.
    ///   - mask: multiplied into `w`; it must have `w`'s shape.
    ///   - featureGroupCount: groups of input channels convolved separately.
    ///   - name: the module's name; nil for `conv2_d`.
    public init(outputChannels: Int, kernelShape: SpatialShape, stride: SpatialShape = 1, rate: SpatialShape = 1,
                padding: ConvPadding = .same, withBias: Bool = true, wInit: (any Initializer)? = nil,
                bInit: (any Initializer)? = nil, dataFormat: DataFormat = .nhwc, mask: Tensor? = nil,
                featureGroupCount: Int = 1, name: ModuleName = nil) {
        super.init(numSpatialDims: 2, outputChannels: outputChannels, kernelShape: kernelShape, stride: stride,
                   rate: rate, padding: padding, withBias: withBias, wInit: wInit, bInit: bInit, dataFormat: dataFormat,
                   mask: mask, featureGroupCount: featureGroupCount, name: name)
    }
}

/// A three-dimensional convolution (`hk.Conv3D`): ``ConvND`` over
/// `[N, D, H, W, C]` (`"NDHWC"`, the default) or `[N, C, D, H, W]` (`"NCDHW"`) inputs.
public final class Conv3D: ConvND {
    /// A 3-D convolution; the arguments are those of
    /// ``Conv2D/init(outputChannels:kernelShape:stride:rate:padding:withBias:wInit:bInit:dataFormat:mask:featureGroupCount:name:)``.
    public init(outputChannels: Int, kernelShape: SpatialShape, stride: SpatialShape = 1, rate: SpatialShape = 1,
                padding: ConvPadding = .same, withBias: Bool = true, wInit: (any Initializer)? = nil,
                bInit: (any Initializer)? = nil, dataFormat: DataFormat = .ndhwc, mask: Tensor? = nil,
                featureGroupCount: Int = 1, name: ModuleName = nil) {
        super.init(numSpatialDims: 3, outputChannels: outputChannels, kernelShape: kernelShape, stride: stride,
                   rate: rate, padding: padding, withBias: withBias, wInit: wInit, bInit: bInit, dataFormat: dataFormat,
                   mask: mask, featureGroupCount: featureGroupCount, name: name)
    }
}

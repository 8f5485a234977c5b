/// A one-dimensional depthwise convolution (`hk.DepthwiseConv1D`):
/// ``DepthwiseConvND`` over `"NWC"` (the default) or `"NCW"` inputs.
public final class DepthwiseConv1D: DepthwiseConvND {
    /// A 1-D depthwise convolution; the arguments are those of
    /// ``DepthwiseConv2D/init(channelMultiplier:kernelShape:stride:rate:padding:withBias:wInit:bInit:dataFormat:name:)``.
    public init(channelMultiplier: Int, kernelShape: SpatialShape, stride: SpatialShape = 1, rate: SpatialShape = 1,
                padding: ConvPadding = .same, withBias: Bool = true, wInit: (any Initializer)? = nil,
                bInit: (any Initializer)? = nil, dataFormat: DataFormat = .nwc, name: ModuleName = nil) {
        super.init(channelMultiplier: channelMultiplier, kernelShape: kernelShape, numSpatialDims: 1,
                   dataFormat: dataFormat, stride: stride, rate: rate, padding: padding, withBias: withBias,
                   wInit: wInit, bInit: bInit, name: name)
    }
}

/// A two-dimensional depthwise convolution (`hk.DepthwiseConv2D`):
/// ``DepthwiseConvND`` over `"NHWC"` (the default) or `"NCHW"` inputs.
///
/// ```swift
/// let depthwise = DepthwiseConv2D(channelMultiplier: 2, kernelShape: 3)  // [8, 28, 28, 4] → [8, 28, 28, 8]
/// ```
public final class DepthwiseConv2D: DepthwiseConvND {
    /// A 2-D depthwise convolution.
    ///
    /// - Parameters:
    ///   - channelMultiplier: how many filters each input channel gets.
    ///   - kernelShape: the kernel's spatial shape: one size, or one per dimension.
    ///   - stride: the window's step: one, or one per dimension.
    ///   - rate: the kernel's dilation.
    ///   - padding: `.same` (the default), `.valid`, or one `(before, after)` pair per dimension.
    ///   - withBias: whether to add `b`.
    ///   - wInit: `w`'s initializer; nil for `TruncatedNormal(stddev: 1/√fanIn)`.
    ///   - bInit: `b`'s initializer; nil for zeros.
    ///   - dataFormat: `.nhwc` (the default) or `.nchw`.
    ///   - name: the module's name; nil for `depthwise_conv2_d`.
    public init(channelMultiplier: Int, kernelShape: SpatialShape, stride: SpatialShape = 1, rate: SpatialShape = 1,
                padding: ConvPadding = .same, withBias: Bool = true, wInit: (any Initializer)? = nil,
                bInit: (any Initializer)? = nil, dataFormat: DataFormat = .nhwc, name: ModuleName = nil) {
        super.init(channelMultiplier: channelMultiplier, kernelShape: kernelShape, numSpatialDims: 2,
                   dataFormat: dataFormat, stride: stride, rate: rate, padding: padding, withBias: withBias,
                   wInit: wInit, bInit: bInit, name: name)
    }
}

/// A three-dimensional depthwise convolution (`hk.DepthwiseConv3D`):
/// ``DepthwiseConvND`` over `"NDHWC"` (the default) or `"NCDHW"` inputs.
public final class DepthwiseConv3D: DepthwiseConvND {
    /// A 3-D depthwise convolution; the arguments are those of
    /// ``DepthwiseConv2D/init(channelMultiplier:kernelShape:stride:rate:padding:withBias:wInit:bInit:dataFormat:name:)``.
    public init(channelMultiplier: Int, kernelShape: SpatialShape, stride: SpatialShape = 1, rate: SpatialShape = 1,
                padding: ConvPadding = .same, withBias: Bool = true, wInit: (any Initializer)? = nil,
                bInit: (any Initializer)? = nil, dataFormat: DataFormat = .ndhwc, name: ModuleName = nil) {
        super.init(channelMultiplier: channelMultiplier, kernelShape: kernelShape, numSpatialDims: 3,
                   dataFormat: dataFormat, stride: stride, rate: rate, padding: padding, withBias: withBias,
                   wInit: wInit, bInit: bInit, name: name)
    }
}

extension Convolution {
    /// Both cotangents are convolutions, as JAX's transpose rules build them:
    /// the input's is the cotangent convolved with the spatially reversed
    /// kernel whose feature roles are swapped (input dilation = the forward
    /// strides, the padding that lines the windows up again); the kernel's
    /// is the input convolved with the cotangent, batch and feature roles
    /// swapped (kernel dilation = the forward strides). Feature groups become
    /// batch groups in the kernel's gradient and back, batch groups are moved
    /// into the kernel's input features for the input's.
    public var differentiability: Differentiability {
        .differentiable { e in
            let c = try configuration(e.attributes, at: e.location)
            let (lhs, rhs) = (e.operands[0], e.operands[1])
            let cotangent = try e.cotangent()
            let reshaping = ConvolutionReshaping(builder: e.builder, location: e.location)
            return [try Convolution.inputCotangent(cotangent, lhs.type, rhs, c, reshaping),
                    try Convolution.kernelCotangent(cotangent, lhs, rhs.type, c, reshaping)]
        }
    }

    /// Per spatial dimension: the input dilated by the input dilation, the
    /// kernel by the kernel dilation and the output by the strides (JAX's
    /// `_dilate_shape` in its padding rules for the transposes).
    private static func dilatedSizes(_ c: ConvolutionConfiguration, input: TensorType, kernel: TensorType,
                                     output: TensorType) -> [(input: Int, window: Int, output: Int)] {
        let d = c.dimensions
        return (0..<c.spatialRank).map { index in
            (Dilation.extent(of: input.shape[d.inputSpatial[index]], by: c.lhsDilation[index]),
             Dilation.extent(of: kernel.shape[d.kernelSpatial[index]], by: c.rhsDilation[index]),
             Dilation.extent(of: output.shape[d.outputSpatial[index]], by: c.windowStrides[index]))
        }
    }

    /// The cotangent of the input: JAX's `_conv_general_dilated_transpose_lhs`.
    static func inputCotangent(_ g: Value, _ lhsType: TensorType, _ kernel: Value, _ c: ConvolutionConfiguration,
                               _ reshaping: ConvolutionReshaping) throws -> Value {
        let d = c.dimensions
        var rhs = kernel
        let groups = Swift.max(c.featureGroupCount, c.batchGroupCount)
        if groups > 1 {
            rhs = try reshaping.axis(d.kernelOutputFeature, outOf: rhs, major: groups)
            rhs = try reshaping.axis(d.kernelOutputFeature, into: d.kernelInputFeature, of: rhs)
        }
        let dilated = dilatedSizes(c, input: lhsType, kernel: kernel.type, output: g.type)
        let low = (0..<c.spatialRank).map { dilated[$0].window - c.paddingLow[$0] - 1 }
        let high = (0..<c.spatialRank).map { dilated[$0].input + dilated[$0].window - 1 - dilated[$0].output - low[$0] }
        let transposed = ConvolutionConfiguration(
            dimensions: ConvolutionLayout(
                inputBatch: d.outputBatch, inputFeature: d.outputFeature, inputSpatial: d.outputSpatial,
                kernelInputFeature: d.kernelOutputFeature, kernelOutputFeature: d.kernelInputFeature,
                kernelSpatial: d.kernelSpatial,
                outputBatch: d.inputBatch, outputFeature: d.inputFeature, outputSpatial: d.inputSpatial),
            windowStrides: c.lhsDilation, paddingLow: low, paddingHigh: high, lhsDilation: c.windowStrides,
            rhsDilation: c.rhsDilation, featureGroupCount: groups)
        if groups == 1, let mirrored = mirroredForTaps(transposed, g.type, kernel.type, lhsType) {
            let flipped = try reshaping.apply(.reverse, g, attributes: ["dimensions": .ints(d.outputSpatial)])
            return try reshaping.apply(.reverse, try reshaping.convolution(flipped, rhs, mirrored),
                                       attributes: ["dimensions": .ints(d.inputSpatial)])
        }
        let reversed = d.kernelSpatial.isEmpty ? rhs
            : try reshaping.apply(.reverse, rhs, attributes: ["dimensions": .ints(d.kernelSpatial)])
        var result = try reshaping.convolution(g, reversed, transposed)
        if c.batchGroupCount > 1 {
            result = try reshaping.axis(d.inputFeature, outOf: result, major: c.batchGroupCount)
            result = try reshaping.axis(d.inputFeature, into: d.inputBatch, of: result)
        }
        return result
    }

    /// The input cotangent's convolution `transposed` (of the cotangent `g`
    /// with the reversed kernel) mirrored, when it lowers to the tap form:
    /// `conv(g, reverse(k)) = reverse(conv(reverse(g), k))` with the padding's
    /// ends swapped, the reversals along the spatial dimensions. At the tap
    /// form's sizes the cotangent is smaller than the kernel, and the form
    /// then reads the kernel where it lies
    /// (``TapPlan/emitContractingKernelInPlace(lhs:rhs:result:into:)``)
    /// instead of copying it reversed. Nil without spatial dimensions, with
    /// window strides other than 1 (the forward's input dilation, where the
    /// mirror image would not line up), when the form does not apply, or
    /// when the trace is not lowered for XLA CPU (``LoweringTarget``).
    private static func mirroredForTaps(_ transposed: ConvolutionConfiguration, _ g: TensorType, _ kernel: TensorType,
                                        _ result: TensorType) -> ConvolutionConfiguration? {
        guard LoweringTarget.resolved == .xlaCPU, transposed.spatialRank > 0,
              transposed.windowStrides.allSatisfy({ $0 == 1 }) else { return nil }
        var mirrored = transposed
        (mirrored.paddingLow, mirrored.paddingHigh) = (transposed.paddingHigh, transposed.paddingLow)
        return Convolution.lowersToTaps(mirrored, lhs: g, rhs: kernel, result: result) ? mirrored : nil
    }

    /// The cotangent of the kernel: JAX's `_conv_general_dilated_transpose_rhs`.
    static func kernelCotangent(_ g: Value, _ lhs: Value, _ rhsType: TensorType, _ c: ConvolutionConfiguration,
                                _ reshaping: ConvolutionReshaping) throws -> Value {
        let d = c.dimensions
        let dilated = dilatedSizes(c, input: lhs.type, kernel: rhsType, output: g.type)
        let high = (0..<c.spatialRank).map {
            dilated[$0].output - dilated[$0].input + dilated[$0].window - c.paddingLow[$0] - 1
        }
        let transposed = ConvolutionConfiguration(
            dimensions: ConvolutionLayout(
                inputBatch: d.inputFeature, inputFeature: d.inputBatch, inputSpatial: d.inputSpatial,
                kernelInputFeature: d.outputBatch, kernelOutputFeature: d.outputFeature, kernelSpatial: d.outputSpatial,
                outputBatch: d.kernelInputFeature, outputFeature: d.kernelOutputFeature, outputSpatial: d.kernelSpatial),
            windowStrides: c.rhsDilation, paddingLow: c.paddingLow, paddingHigh: high, lhsDilation: c.lhsDilation,
            rhsDilation: c.windowStrides, featureGroupCount: c.batchGroupCount, batchGroupCount: c.featureGroupCount)
        guard g.type.elementCount > 0 else { return try reshaping.zeros(rhsType) }
        return try reshaping.convolution(lhs, g, transposed)
    }
}

/// The tap form of a depthwise convolution (`feature_group_count` equal to
/// the input's features, one kernel input feature and one output feature per
/// group): the input in batch-spatial-feature layout, padded (interior
/// padding for its dilation), one strided `slice` per live kernel tap
/// multiplied by that tap's weights broadcast over batch and space, the
/// products summed; then the output layout. XLA fuses this into one loop.
///
/// XLA CPU runs a grouped convolution as an Eigen or YNNPACK convolution;
/// in MobileNetV1's training step the depthwise forwards and input gradients
/// take half the time, and written as taps the whole step takes about a third
/// of the time (Docs/Nets.md, "Where the time goes"). A depthwise input
/// gradient is again such a convolution (with the stride as input dilation),
/// so it takes this form too.
struct DepthwiseTapPlan {
    let taps: TapPlan

    /// Nil when the convolution is not depthwise with one output feature per
    /// group, is empty, or has no live tap.
    init?(_ c: ConvolutionConfiguration, lhs: TensorType, rhs: TensorType, result: TensorType) {
        let d = c.dimensions
        guard c.batchGroupCount == 1, c.featureGroupCount > 1, lhs.shape[d.inputFeature] == c.featureGroupCount,
              rhs.shape[d.kernelInputFeature] == 1, rhs.shape[d.kernelOutputFeature] == c.featureGroupCount,
              lhs.elementCount > 0, rhs.elementCount > 0, result.elementCount > 0 else { return nil }
        taps = TapPlan(slicing: c, lhs: lhs, rhs: rhs, result: result)
        guard !taps.liveTaps.isEmpty else { return nil }
    }

    /// Writes the tap form of the convolution of the operands named `lhsName`
    /// and `rhsName` into `resultName`.
    func emit(lhs lhsName: String, rhs rhsName: String, result resultName: String, into writer: inout StableHLOWriter) {
        let d = taps.configuration.dimensions
        let element = taps.lhs.elementType
        let channels = taps.configuration.featureGroupCount
        let natural = TensorType(element, [taps.lhs.shape[d.inputBatch]] + taps.outputSizes + [channels])
        // The kernel as one row of weights per tap.
        let table = TensorType(element, [taps.kernelSizes.reduce(1, *), channels])
        let spatialFirst = writer.transposed((rhsName, taps.rhs),
                                             d.kernelSpatial + [d.kernelInputFeature, d.kernelOutputFeature])
        let weights = (writer.reshape(spatialFirst, to: table), table)
        let input = taps.paddedInput(lhsName, into: &writer)
        var sum: (name: String, type: TensorType)?
        for flat in taps.liveTaps {
            let row = writer.sliced(weights, starts: [flat, 0], limits: [flat + 1, channels], strides: [1, 1])
            let vectorType = TensorType(element, [channels])
            let vector = (writer.reshape(row, to: vectorType), vectorType)
            let broadcast = writer.temporary()
            writer.operation("stablehlo.broadcast_in_dim", results: [broadcast], operands: [vector], resultTypes: [natural],
                             properties: ["broadcast_dimensions = \(StableHLOWriter.i64Array([natural.shape.count - 1]))"])
            let product = writer.temporary()
            writer.operation("stablehlo.multiply", results: [product],
                             operands: [taps.tapSlice(input, flat, into: &writer), (broadcast, natural)], resultTypes: [natural])
            guard let previous = sum else {
                sum = (product, natural)
                continue
            }
            let added = writer.temporary()
            writer.operation("stablehlo.add", results: [added], operands: [previous, (product, natural)], resultTypes: [natural])
            sum = (added, natural)
        }
        if let sum { taps.writeOutput(sum, into: resultName, &writer) }
    }
}

/// The tap form of a convolution with one batch element and one output
/// feature per batch group (`batch_group_count` = G = the input's batch = the
/// kernel's output features): the kernel gradient of a depthwise
/// convolution. For each output position, one strided `slice` of the padded
/// input (`[G, kernel spatial..., F]`); the slices stacked, and one
/// `dot_general` batched over G with the kernel as `[G, kernel spatial·F]`.
///
/// XLA CPU rewrites such a convolution into a dense one with G times the
/// output features (a `[G, 3, 3, G]` result for a 3x3 depthwise kernel
/// gradient) and a select of its diagonal: G times the work
/// (Docs/Nets.md, "Where the time goes").
struct BatchGroupTapPlan {
    let taps: TapPlan

    /// Output positions above this stay a `stablehlo.convolution` (each is
    /// one slice the size of the input).
    static let largestOutputArea = 49

    /// Nil unless the convolution has one batch element and one output
    /// feature per batch group, no feature groups, at most
    /// ``largestOutputArea`` output positions and no empty operand.
    init?(_ c: ConvolutionConfiguration, lhs: TensorType, rhs: TensorType, result: TensorType) {
        let d = c.dimensions
        let groups = c.batchGroupCount
        guard c.featureGroupCount == 1, groups > 1, lhs.shape[d.inputBatch] == groups,
              rhs.shape[d.kernelOutputFeature] == groups, result.shape[d.outputFeature] == groups,
              d.outputSpatial.map({ result.shape[$0] }).reduce(1, *) <= BatchGroupTapPlan.largestOutputArea,
              lhs.elementCount > 0, rhs.elementCount > 0, result.elementCount > 0 else { return nil }
        taps = TapPlan(slicing: c, lhs: lhs, rhs: rhs, result: result)
    }

    /// Writes the tap form of the convolution of the operands named `lhsName`
    /// and `rhsName` into `resultName`.
    func emit(lhs lhsName: String, rhs rhsName: String, result resultName: String, into writer: inout StableHLOWriter) {
        let c = taps.configuration, d = c.dimensions
        let element = taps.lhs.elementType
        let groups = c.batchGroupCount
        let features = taps.lhs.shape[d.inputFeature]
        let window = taps.kernelSizes.reduce(1, *) * features
        let positions = taps.outputSizes.reduce(1, *)
        // [G, spatial..., F], padded: one slice per output position, each [G, 1, kernel spatial·F].
        let input = taps.paddedInput(lhsName, into: &writer)
        let rowType = TensorType(element, [groups, 1, window])
        let rows = (0..<positions).map { flat in
            var rest = flat
            var position = Array(repeating: 0, count: c.spatialRank)
            for index in (0..<c.spatialRank).reversed() {
                position[index] = rest % taps.outputSizes[index]
                rest /= taps.outputSizes[index]
            }
            let starts = (0..<c.spatialRank).map { position[$0] * c.windowStrides[$0] }
            let limits = (0..<c.spatialRank).map { starts[$0] + (taps.kernelSizes[$0] - 1) * c.rhsDilation[$0] + 1 }
            let slice = writer.sliced(input, starts: [0] + starts + [0], limits: [groups] + limits + [features],
                                      strides: [1] + c.rhsDilation + [1])
            return (writer.reshape(slice, to: rowType), rowType)
        }
        let stacked = writer.concatenated(rows, dimension: 1)
        let kernelType = TensorType(element, [groups, window])
        let kernel = writer.transposed((rhsName, taps.rhs), [d.kernelOutputFeature] + d.kernelSpatial + [d.kernelInputFeature])
        let productType = TensorType(element, [groups, positions])
        let product = writer.temporary()
        writer.dot(stacked, (writer.reshape(kernel, to: kernelType), kernelType),
                   DotNumbers(lhsBatch: [0], rhsBatch: [0], lhsContracting: [2], rhsContracting: [1]),
                   into: product, productType, precision: nil)
        let positionsFirst = writer.transposed((product, productType), [1, 0])
        let natural = TensorType(element, [1] + taps.outputSizes + [groups])
        taps.writeOutput((writer.reshape(positionsFirst, to: natural), natural), into: resultName, &writer)
    }
}

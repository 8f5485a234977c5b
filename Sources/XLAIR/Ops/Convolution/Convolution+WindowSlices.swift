/// The window-slice form of an ungrouped convolution with fewer output
/// positions than kernel positions whose operands are laid out
/// `[F, spatial..., B]` (input: features first, batch last) and
/// `[I, spatial..., O]` (kernel): the kernel gradient of an NHWC layer with
/// an HWIO kernel, as JAX's transpose rule writes it (the layer's input is
/// the "input", its output cotangent the "kernel", the kernel's taps the
/// output positions). One strided `slice` of the padded input per output
/// position, the whole window that position reads (`[F, kernel spatial..., B]`,
/// the input's own layout), the slices stacked along a leading dimension
/// (`[P, F·kernel area, B]`), and one `dot_general` with the kernel as the
/// matrix `[I·kernel area, O]` (a free reshape): `[P, B, O]`, the
/// output's layout. Neither operand is transposed.
///
/// ``TapPlan/emit(lhs:rhs:result:into:)`` would slice a transposed input
/// once per kernel position instead (16 slices for ResNet18's 4x4,
/// 128-feature layers, against 9 here) and transpose its result: measured
/// with jaxlib 0.11.2, 2.08 against 2.77 ms of CPU time at best
/// (Docs/Nets.md, "Where the time goes").
struct WindowSlicePlan {
    let taps: TapPlan

    /// Nil unless the convolution is ungrouped, has fewer output positions
    /// than kernel positions, spatial sizes below ``TapPlan/largestExtent``,
    /// no empty operand, and operands in the layouts above.
    init?(_ c: ConvolutionConfiguration, lhs: TensorType, rhs: TensorType, result: TensorType) {
        let d = c.dimensions, rank = c.spatialRank
        let spatial = Array(1..<rank + 1)
        guard c.featureGroupCount == 1, c.batchGroupCount == 1, rank > 0,
              d.inputFeature == 0, d.inputSpatial == spatial, d.inputBatch == rank + 1,
              d.kernelInputFeature == 0, d.kernelSpatial == spatial, d.kernelOutputFeature == rank + 1,
              lhs.elementCount > 0, rhs.elementCount > 0, result.elementCount > 0 else { return nil }
        let sizes = { (type: TensorType, dimensions: [Int]) in dimensions.map { type.shape[$0] } }
        let (input, kernel, output) = (sizes(lhs, d.inputSpatial), sizes(rhs, d.kernelSpatial), sizes(result, d.outputSpatial))
        guard output.reduce(1, *) < kernel.reduce(1, *),
              (input + output + kernel).allSatisfy({ $0 < TapPlan.largestExtent }) else { return nil }
        taps = TapPlan(slicing: c, lhs: lhs, rhs: rhs, result: result)
    }

    /// Writes the window-slice form of the convolution of the operands named
    /// `lhsName` and `rhsName` into `resultName`.
    func emit(lhs lhsName: String, rhs rhsName: String, result resultName: String, into writer: inout StableHLOWriter) {
        let c = taps.configuration, d = c.dimensions
        let element = taps.lhs.elementType
        let (features, batch) = (taps.lhs.shape[d.inputFeature], taps.lhs.shape[d.inputBatch])
        let outputFeatures = taps.rhs.shape[d.kernelOutputFeature]
        let contracted = features * taps.kernelSizes.reduce(1, *)
        let positions = taps.outputSizes.reduce(1, *)
        let edges = { (values: [Int]) in [0] + values + [0] }
        let input = writer.zeroPadded((lhsName, taps.lhs), low: edges(c.paddingLow), high: edges(c.paddingHigh),
                                      interior: edges(c.lhsDilation.map { $0 - 1 }))
        let windowType = TensorType(element, [1, contracted, batch])
        let windows = (0..<positions).map { flat in
            var rest = flat
            var position = Array(repeating: 0, count: c.spatialRank)
            for index in (0..<c.spatialRank).reversed() {
                position[index] = rest % taps.outputSizes[index]
                rest /= taps.outputSizes[index]
            }
            let starts = (0..<c.spatialRank).map { position[$0] * c.windowStrides[$0] }
            let limits = (0..<c.spatialRank).map { starts[$0] + (taps.kernelSizes[$0] - 1) * c.rhsDilation[$0] + 1 }
            let window = writer.sliced(input, starts: [0] + starts + [0], limits: [features] + limits + [batch],
                                       strides: [1] + c.rhsDilation + [1])
            return (writer.reshape(window, to: windowType), windowType)
        }
        let stacked = writer.concatenated(windows, dimension: 0)
        let kernelType = TensorType(element, [contracted, outputFeatures])
        let productType = TensorType(element, [positions, batch, outputFeatures])
        let product = writer.temporary()
        writer.dot(stacked, (writer.reshape((rhsName, taps.rhs), to: kernelType), kernelType),
                   DotNumbers(lhsBatch: [], rhsBatch: [], lhsContracting: [1], rhsContracting: [0]),
                   into: product, productType, precision: nil)
        let natural = TensorType(element, taps.outputSizes + [batch, outputFeatures])
        let placed = (writer.reshape((product, productType), to: natural), natural)
        var permutation = Array(repeating: 0, count: natural.shape.count)
        for (index, dimension) in d.outputSpatial.enumerated() { permutation[dimension] = index }
        permutation[d.outputBatch] = c.spatialRank
        permutation[d.outputFeature] = c.spatialRank + 1
        if permutation == Array(0..<permutation.count) {
            writer.operation("stablehlo.reshape", results: [resultName], operands: [placed], resultTypes: [taps.result])
        } else {
            writer.operation("stablehlo.transpose", results: [resultName], operands: [placed],
                             resultTypes: [taps.result], properties: ["permutation = \(StableHLOWriter.i64Array(permutation))"])
        }
    }
}

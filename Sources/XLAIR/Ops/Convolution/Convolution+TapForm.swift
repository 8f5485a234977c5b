/// The tap form of an ungrouped convolution: the input moved to
/// batch-spatial-feature layout and padded (interior padding for its
/// dilation), one strided `slice` per live kernel tap, the slices
/// concatenated along features, and one `dot_general` with the live taps of
/// the kernel as a `[taps·C, O]` matrix; then the output layout.
///
/// XLA CPU swaps the operands of a convolution whose kernel window is larger
/// than the input's spatial extent and runs it as a naive loop, 10-50x
/// slower than this dot (Docs/Convolution.md, "Lowering": ResNet18's step
/// 265 → 44.5 ms). At large spatial sizes the slices'
/// concatenation is slow, so the form is used only when the input's spatial
/// area is smaller than the kernel's and no input or output spatial size
/// reaches ``largestExtent``. (It once applied when only the output's was:
/// the kernel gradients of ResNet18's 4x4 layers and its 4x4 → 2x2 strided
/// convolutions, which XLA runs faster as convolutions: the step's thunk
/// time fell from 121.4 to 104.3 ms, Docs/Nets.md.) A tap is live when at
/// least one of the input positions it reads is not padding; dead taps
/// contribute zeros and are dropped.
struct TapPlan {
    let configuration: ConvolutionConfiguration
    let lhs: TensorType, rhs: TensorType, result: TensorType
    /// Output spatial sizes, in spatial order.
    let outputSizes: [Int]
    /// The row-major indices (into the kernel's spatial window) of the live taps.
    let liveTaps: [Int]
    /// Kernel spatial sizes, in spatial order.
    let kernelSizes: [Int]

    /// Input and output spatial sizes must stay below this: the slices'
    /// concatenation along the minor dimension costs ~40x a copy, so taps
    /// stop where H, W >= 8 (Docs/Convolution.md). It also keeps the
    /// kernel gradient of a large layer (a convolution whose "kernel" is the
    /// image-sized cotangent and whose output is filter-sized) a
    /// `stablehlo.convolution`, which
    /// XLA runs 5x faster than taps there (16.8 vs 83 ms at 28x28).
    static let largestExtent = 8

    /// Nil when the convolution should stay a `stablehlo.convolution`:
    /// grouped, empty, no live tap, or an input spatial area at least the kernel's.
    init?(_ configuration: ConvolutionConfiguration, lhs: TensorType, rhs: TensorType, result: TensorType) {
        let c = configuration, d = configuration.dimensions
        guard c.featureGroupCount == 1, c.batchGroupCount == 1,
              lhs.elementCount > 0, rhs.elementCount > 0, result.elementCount > 0 else { return nil }
        let inputSizes = d.inputSpatial.map { lhs.shape[$0] }
        let kernelSizes = d.kernelSpatial.map { rhs.shape[$0] }
        let outputSizes = d.outputSpatial.map { result.shape[$0] }
        let area = { (sizes: [Int]) in sizes.reduce(1, *) }
        guard area(inputSizes) < area(kernelSizes),
              (inputSizes + outputSizes).allSatisfy({ $0 < TapPlan.largestExtent }) else { return nil }
        self.init(slicing: configuration, lhs: lhs, rhs: rhs, result: result)
        guard !liveTaps.isEmpty else { return nil }
    }

    /// The taps of any convolution, for their slices (``tapSlice(_:_:into:)``)
    /// whatever the convolution's size or groups.
    init(slicing configuration: ConvolutionConfiguration, lhs: TensorType, rhs: TensorType, result: TensorType) {
        let d = configuration.dimensions
        (self.configuration, self.lhs, self.rhs, self.result) = (configuration, lhs, rhs, result)
        kernelSizes = d.kernelSpatial.map { rhs.shape[$0] }
        outputSizes = d.outputSpatial.map { result.shape[$0] }
        liveTaps = TapPlan.liveTaps(configuration, inputSizes: d.inputSpatial.map { lhs.shape[$0] },
                                    outputSizes: outputSizes, kernelSizes: kernelSizes)
    }

    /// The row-major indices (into the kernel's spatial window) of the taps
    /// that read at least one input element (not padding, not a dilation hole).
    static func liveTaps(_ c: ConvolutionConfiguration, inputSizes: [Int], outputSizes: [Int], kernelSizes: [Int]) -> [Int] {
        // Which offsets along each spatial dimension read at least one input element.
        let liveOffsets = (0..<c.spatialRank).map { index in
            (0..<kernelSizes[index]).map { tap in
                TapPlan.reads(c, index, tap: tap, input: inputSizes[index], outputs: outputSizes[index])
            }
        }
        return (0..<kernelSizes.reduce(1, *)).filter { flat in
            var rest = flat, isLive = true
            for index in (0..<c.spatialRank).reversed() {
                isLive = isLive && liveOffsets[index][rest % kernelSizes[index]]
                rest /= kernelSizes[index]
            }
            return isLive
        }
    }

    /// Whether kernel tap `tap` along spatial dimension `index` reads an
    /// input element (not padding, not a dilation hole) for some output.
    static func reads(_ c: ConvolutionConfiguration, _ index: Int, tap: Int, input: Int, outputs: Int) -> Bool {
        (0..<outputs).contains { c.reads(index, tap: tap, output: $0, input: input) }
    }

    /// Writes the tap form of the convolution of the operands named `lhsName`
    /// and `rhsName` into `resultName`.
    func emit(lhs lhsName: String, rhs rhsName: String, result resultName: String, into writer: inout StableHLOWriter) {
        let c = configuration, d = configuration.dimensions
        let element = lhs.elementType
        let (batch, features) = (lhs.shape[d.inputBatch], lhs.shape[d.inputFeature])
        let outputFeatures = rhs.shape[d.kernelOutputFeature]
        // One strided slice per live tap, concatenated along features.
        let input = paddedInput(lhsName, into: &writer)
        let slices = liveTaps.map { tapSlice(input, $0, into: &writer) }
        let contracted = liveTaps.count * features
        let rows = batch * outputSizes.reduce(1, *)
        let patches = writer.concatenated(slices, dimension: c.spatialRank + 1)
        let matrix = (writer.reshape(patches, to: TensorType(element, [rows, contracted])), TensorType(element, [rows, contracted]))
        let kernel = kernelMatrix(rhsName, into: &writer)
        let productType = TensorType(element, [rows, outputFeatures])
        let product = writer.temporary()
        writer.dot(matrix, kernel, DotNumbers(lhsBatch: [], rhsBatch: [], lhsContracting: [1], rhsContracting: [0]),
                   into: product, productType, precision: nil)
        let natural = TensorType(element, [batch] + outputSizes + [outputFeatures])
        writeOutput((writer.reshape((product, productType), to: natural), natural), into: resultName, &writer)
    }

    /// The input as `[N, spatial..., C]`, padded (interior padding for its dilation).
    func paddedInput(_ lhsName: String, into writer: inout StableHLOWriter) -> (name: String, type: TensorType) {
        let c = configuration, d = configuration.dimensions
        let input = writer.transposed((lhsName, lhs), [d.inputBatch] + d.inputSpatial + [d.inputFeature])
        guard !(c.paddingLow + c.paddingHigh).allSatisfy({ $0 == 0 }) || c.lhsDilation.contains(where: { $0 != 1 }) else {
            return input
        }
        let edges = { (values: [Int]) in [0] + values + [0] }
        return writer.zeroPadded(input, low: edges(c.paddingLow), high: edges(c.paddingHigh),
                                 interior: edges(c.lhsDilation.map { $0 - 1 }))
    }

    /// The `[N, output spatial..., C]` strided slice of the padded input that
    /// the tap at row-major index `flat` reads.
    func tapSlice(_ input: (name: String, type: TensorType), _ flat: Int, into writer: inout StableHLOWriter)
        -> (name: String, type: TensorType) {
        let c = configuration
        let offsets = tapOffsets(flat)
        let starts = (0..<c.spatialRank).map { offsets[$0] * c.rhsDilation[$0] }
        let limits = (0..<c.spatialRank).map { starts[$0] + (outputSizes[$0] - 1) * c.windowStrides[$0] + 1 }
        let shape = input.type.shape
        return writer.sliced(input, starts: [0] + starts + [0], limits: [shape[0]] + limits + [shape[shape.count - 1]],
                             strides: [1] + c.windowStrides + [1])
    }

    /// Writes `natural`, an `[N, output spatial..., O]` value, into
    /// `resultName` in the convolution's output layout.
    func writeOutput(_ natural: (name: String, type: TensorType), into resultName: String, _ writer: inout StableHLOWriter) {
        let d = configuration.dimensions
        var permutation = Array(repeating: 0, count: natural.type.shape.count)
        permutation[d.outputBatch] = 0
        permutation[d.outputFeature] = configuration.spatialRank + 1
        for (index, dimension) in d.outputSpatial.enumerated() { permutation[dimension] = index + 1 }
        if permutation == Array(0..<permutation.count) {
            writer.operation("stablehlo.reshape", results: [resultName], operands: [natural], resultTypes: [result])
        } else {
            writer.operation("stablehlo.transpose", results: [resultName], operands: [natural],
                             resultTypes: [result], properties: ["permutation = \(StableHLOWriter.i64Array(permutation))"])
        }
    }

    /// The offsets along each spatial dimension of the tap at row-major index `flat`.
    func tapOffsets(_ flat: Int) -> [Int] {
        var rest = flat
        var offsets = Array(repeating: 0, count: kernelSizes.count)
        for index in kernelSizes.indices.reversed() {
            offsets[index] = rest % kernelSizes[index]
            rest /= kernelSizes[index]
        }
        return offsets
    }

    /// The kernel's live taps as a `[taps·C, O]` matrix, in `liveTaps` order.
    func kernelMatrix(_ rhsName: String, into writer: inout StableHLOWriter) -> (name: String, type: TensorType) {
        let d = configuration.dimensions
        let element = rhs.elementType
        let (inputFeatures, outputFeatures) = (rhs.shape[d.kernelInputFeature], rhs.shape[d.kernelOutputFeature])
        let taps = kernelSizes.reduce(1, *)
        let spatialFirst = writer.transposed((rhsName, rhs),
                                             d.kernelSpatial + [d.kernelInputFeature, d.kernelOutputFeature])
        let matrixType = TensorType(element, [liveTaps.count * inputFeatures, outputFeatures])
        if liveTaps.count == taps {
            return (writer.reshape(spatialFirst, to: matrixType), matrixType)
        }
        let stacked = TensorType(element, [taps, inputFeatures, outputFeatures])
        let all = (writer.reshape(spatialFirst, to: stacked), stacked)
        let pieces = liveTaps.map { flat in
            writer.sliced(all, starts: [flat, 0, 0], limits: [flat + 1, inputFeatures, outputFeatures], strides: [1, 1, 1])
        }
        let joined = writer.concatenated(pieces, dimension: 0)
        return (writer.reshape(joined, to: matrixType), matrixType)
    }
}

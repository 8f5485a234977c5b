/// The scattered tap form, for a tap-form convolution whose windows move
/// one step at a time and whose input is dilated or whose kernel is laid
/// out `[spatial…, O, I]`: the input gradient of a layer (its cotangent is
/// dilated by the layer's strides, and it sees an HWIO kernel with the
/// feature roles swapped). The gathered forms slice the dilated input, so
/// most of what their dot multiplies is dilation holes (three quarters for
/// stride 2 in 2-D: ResNet18's `f32[9,512,256]` tap stack for a
/// `[32,2,2,256]` cotangent); without dilation, the batched dot over the
/// stacked taps of ``TapPlan/emitContractingKernelInPlace(lhs:rhs:result:into:)``
/// was measured 18-24% slower than this form (a 2x2, 256-feature layer's
/// input gradient, jaxlib 0.11.2 on Zen 3). Here one `dot_general` multiplies the undilated input,
/// `[rows, C]`, by every live tap's kernel at once, and each tap's product
/// is placed where the outputs it feeds lie: input position `j` meets tap
/// `t` at output `j·lhsDilation + paddingLow - t·rhsDilation`, which is a
/// `pad` with interior padding `lhsDilation - 1` and edge padding
/// `paddingLow - t·rhsDilation` (negative edges crop). The placed products
/// are summed; XLA fuses the placements and the sum into one loop. The dot
/// does `lhsDilation` (per spatial dimension) times less work.
///
/// When the input has fewer rows than features (``multipliesKernelByInput``:
/// ResNet18's last two stages, whose 2x2 and 1x1 cotangents have 128 and 32
/// rows of 256 and 512 features), the dot is written the other way round,
/// kernel times input, giving the products as `[taps, O, rows]`. XLA CPU's dot
/// wants its right operand's contracted dimension major, so with the input on
/// the right it copies that small `[rows, C]` matrix instead of the kernel
/// (`[taps·O, C]`, up to 2.4M floats, every step), and each tap's placement
/// reads its products through a transpose that XLA fuses into the placing loop.
/// With many rows the transposed read of the products costs more than the
/// kernel's copy saves (measured with jaxlib 0.11.2 on Zen 3, Docs/Convolution.md).
extension TapPlan {
    /// Whether the windows have unit strides (the placement of a tap's
    /// products is then a `pad`) and the input is dilated or the kernel
    /// can be read where it lies.
    var scattersTaps: Bool {
        configuration.windowStrides.allSatisfy { $0 == 1 }
            && (configuration.lhsDilation.contains { $0 > 1 } || contractsKernelInPlace)
    }

    /// Writes the scattered tap form of the convolution of the operands
    /// named `lhsName` and `rhsName` into `resultName`.
    func emitScatteringTaps(lhs lhsName: String, rhs rhsName: String, result resultName: String,
                            into writer: inout StableHLOWriter) {
        let c = configuration, d = configuration.dimensions
        let element = lhs.elementType
        let (batch, features) = (lhs.shape[d.inputBatch], lhs.shape[d.inputFeature])
        let outputFeatures = rhs.shape[d.kernelOutputFeature]
        let inputSizes = d.inputSpatial.map { lhs.shape[$0] }
        let rows = batch * inputSizes.reduce(1, *)
        let input = writer.transposed((lhsName, lhs), [d.inputBatch] + d.inputSpatial + [d.inputFeature])
        let matrixType = TensorType(element, [rows, features])
        let matrix = (writer.reshape(input, to: matrixType), matrixType)
        let kernel = liveKernelTaps(rhsName, into: &writer)
        let products = tapProducts(matrix, kernel.taps, kernelInputFeature: kernel.inputFeature,
                                   inputSizes: inputSizes, into: &writer)
        let placedType = TensorType(element, [batch] + outputSizes + [outputFeatures])
        var sum: (name: String, type: TensorType)?
        for (index, flat) in liveTaps.enumerated() {
            let tap = products.tap(index, into: &writer)
            let offsets = tapOffsets(flat)
            let low = (0..<c.spatialRank).map { c.paddingLow[$0] - offsets[$0] * c.rhsDilation[$0] }
            let high = (0..<c.spatialRank).map {
                outputSizes[$0] - Dilation.extent(of: inputSizes[$0], by: c.lhsDilation[$0]) - low[$0]
            }
            let placed = writer.zeroPadded(tap, low: [0] + low + [0], high: [0] + high + [0],
                                           interior: [0] + c.lhsDilation.map { $0 - 1 } + [0])
            guard let previous = sum else {
                sum = placed
                continue
            }
            let added = writer.temporary()
            writer.operation("stablehlo.add", results: [added], operands: [previous, placed], resultTypes: [placedType])
            sum = (added, placedType)
        }
        if let sum { writeOutput(sum, into: resultName, &writer) }
    }

    /// Whether an input of `rows` rows (batch times spatial positions) and
    /// `features` features is multiplied as the dot's right operand (see
    /// the type's documentation): when it has fewer rows than features.
    static func multipliesKernelByInput(rows: Int, features: Int) -> Bool { rows < features }

    /// The dot of the input matrix `[rows, C]` with the live taps' kernel
    /// (`[taps, ·, ·]`, its input features at `kernelInputFeature`), in the
    /// order ``multipliesKernelByInput(rows:features:)`` picks.
    func tapProducts(_ matrix: (name: String, type: TensorType), _ kernel: (name: String, type: TensorType),
                     kernelInputFeature: Int, inputSizes: [Int], into writer: inout StableHLOWriter) -> TapProducts {
        let (rows, features) = (matrix.type.shape[0], matrix.type.shape[1])
        let d = configuration.dimensions
        let (element, outputFeatures) = (lhs.elementType, rhs.shape[d.kernelOutputFeature])
        let batch = lhs.shape[d.inputBatch]
        let kernelFirst = TapPlan.multipliesKernelByInput(rows: rows, features: features)
        let productType = TensorType(element, kernelFirst ? [liveTaps.count, outputFeatures, rows]
                                                          : [rows, liveTaps.count, outputFeatures])
        let product = writer.temporary()
        if kernelFirst {
            writer.dot(kernel, matrix, DotNumbers(lhsBatch: [], rhsBatch: [], lhsContracting: [kernelInputFeature],
                                                  rhsContracting: [1]),
                       into: product, productType, precision: nil)
        } else {
            writer.dot(matrix, kernel, DotNumbers(lhsBatch: [], rhsBatch: [], lhsContracting: [1],
                                                  rhsContracting: [kernelInputFeature]),
                       into: product, productType, precision: nil)
        }
        let perTapShape = kernelFirst ? [liveTaps.count, outputFeatures, batch] + inputSizes
                                      : [batch] + inputSizes + [liveTaps.count, outputFeatures]
        let perTap = TensorType(element, perTapShape)
        return TapProducts(products: (writer.reshape((product, productType), to: perTap), perTap),
                           tapDimension: kernelFirst ? 0 : perTap.shape.count - 2, featuresFirst: kernelFirst)
    }
}

/// The products of the scattered tap form's dot, one slice per live tap:
/// `[N, input spatial..., taps, O]`, or `[taps, O, N, input spatial...]`
/// when the kernel was multiplied by the input.
struct TapProducts {
    let products: (name: String, type: TensorType)
    /// Where the taps lie in `products`.
    let tapDimension: Int
    /// Whether each tap's products are laid out `[O, N, input spatial...]`.
    let featuresFirst: Bool

    /// The products of the `index`-th live tap as `[N, input spatial..., O]`.
    func tap(_ index: Int, into writer: inout StableHLOWriter) -> (name: String, type: TensorType) {
        let shape = products.type.shape, rank = shape.count
        var starts = Array(repeating: 0, count: rank), limits = shape
        (starts[tapDimension], limits[tapDimension]) = (index, index + 1)
        let slice = writer.sliced(products, starts: starts, limits: limits, strides: Array(repeating: 1, count: rank))
        var tapShape = shape
        tapShape.remove(at: tapDimension)
        let tapType = TensorType(products.type.elementType, tapShape)
        let tap = (name: writer.reshape(slice, to: tapType), type: tapType)
        // [O, N, spatial...] → [N, spatial..., O].
        return featuresFirst ? writer.transposed(tap, Array(1..<tapShape.count) + [0]) : tap
    }
}

extension TapPlan {
    /// The kernel's live taps as a `[taps, ·, ·]` value, in `liveTaps` order,
    /// and which of its dimensions (1 or 2) holds the input features. A
    /// kernel laid out `[spatial…, O, I]` is read where it lies
    /// (``contractsKernelInPlace``), any other is transposed to
    /// `[spatial…, I, O]`; dead taps are sliced out, whole contiguous taps.
    func liveKernelTaps(_ rhsName: String, into writer: inout StableHLOWriter)
        -> (taps: (name: String, type: TensorType), inputFeature: Int) {
        let d = configuration.dimensions
        let element = rhs.elementType
        let inPlace = contractsKernelInPlace
        let features = inPlace ? [d.kernelOutputFeature, d.kernelInputFeature] : [d.kernelInputFeature, d.kernelOutputFeature]
        let (first, second) = (rhs.shape[features[0]], rhs.shape[features[1]])
        let spatialFirst = writer.transposed((rhsName, rhs), d.kernelSpatial + features)
        let allTaps = TensorType(element, [kernelSizes.reduce(1, *), first, second])
        let all = (name: writer.reshape(spatialFirst, to: allTaps), type: allTaps)
        let inputFeature = inPlace ? 2 : 1
        guard liveTaps.count < allTaps.shape[0] else { return (all, inputFeature) }
        let pieces = liveTaps.map { flat in
            writer.sliced(all, starts: [flat, 0, 0], limits: [flat + 1, first, second], strides: [1, 1, 1])
        }
        return (writer.concatenated(pieces, dimension: 0), inputFeature)
    }
}

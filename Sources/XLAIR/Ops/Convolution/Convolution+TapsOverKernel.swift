/// The tap form for a kernel laid out `[spatial..., O, I]`: spatial
/// dimensions first, output features before input features. That is how an
/// input gradient sees a forward kernel (HWIO), because its convolution swaps
/// the kernel's feature roles. ``TapPlan/emit(lhs:rhs:result:into:)`` would
/// transpose such a kernel into a `[taps·I, O]` matrix, a copy of the whole
/// kernel every step (ResNet50's `f32[4608,512]`, Docs/Nets.md, "Where the
/// time goes"). Here the kernel is read where it lies, as `[taps, O, I]`.
/// The input's tap slices are stacked along a leading tap dimension, one
/// `dot_general` batched over the taps contracts each slice with its tap's
/// kernel at the kernel's minor (input feature) dimension, and the taps'
/// products are summed. Dead taps are sliced out of the kernel, a copy of
/// whole contiguous taps. One live tap is one plain `dot_general`. With
/// unit window strides (every input gradient) the scattered form is used
/// instead (`Convolution+ScatteredTaps.swift`); this one serves strided windows.
extension TapPlan {
    /// Whether the kernel's spatial dimensions come first, in order, and its
    /// input features after its output features.
    var contractsKernelInPlace: Bool {
        let d = configuration.dimensions
        return d.kernelSpatial == Array(0..<configuration.spatialRank) && d.kernelInputFeature > d.kernelOutputFeature
    }

    /// Writes the tap form of the convolution of the operands named `lhsName`
    /// and `rhsName` into `resultName`, contracting the kernel in its own layout.
    ///
    /// - Throws: what writing the taps' sum throws.
    func emitContractingKernelInPlace(lhs lhsName: String, rhs rhsName: String, result resultName: String,
                                      into writer: inout StableHLOWriter) throws {
        let d = configuration.dimensions
        let element = lhs.elementType
        let (batch, features) = (lhs.shape[d.inputBatch], lhs.shape[d.inputFeature])
        let outputFeatures = rhs.shape[d.kernelOutputFeature]
        let rows = batch * outputSizes.reduce(1, *)
        // With several live taps, the tap is the leading (batch) dimension of both operands.
        let lead = liveTaps.count == 1 ? [] : [liveTaps.count]
        let input = paddedInput(lhsName, into: &writer)
        let sliceType = TensorType(element, lead.map { _ in 1 } + [rows, features])
        let slices = liveTaps.map { (writer.reshape(tapSlice(input, $0, into: &writer), to: sliceType), sliceType) }
        let stacked = writer.concatenated(slices, dimension: 0)
        let kernelType = TensorType(element, lead + [outputFeatures, features])
        let kernel = (writer.reshape(liveKernelTaps(rhsName, into: &writer).taps, to: kernelType), kernelType)
        let batching = lead.isEmpty ? [] : [0]
        let productType = TensorType(element, lead + [rows, outputFeatures])
        let product = (name: writer.temporary(), type: productType)
        writer.dot(stacked, kernel, DotNumbers(lhsBatch: batching, rhsBatch: batching, lhsContracting: [lead.count + 1],
                                               rhsContracting: [lead.count + 1]),
                   into: product.name, productType, precision: nil)
        let summed = lead.isEmpty ? product : try writer.summed(product, dimension: 0)
        let natural = TensorType(element, [batch] + outputSizes + [outputFeatures])
        writeOutput((writer.reshape(summed, to: natural), natural), into: resultName, &writer)
    }
}

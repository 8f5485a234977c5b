/// `convolution(lhs, rhs)`: JAX's `lax.conv_general_dilated`, a window of
/// the kernel `rhs` slid over the padded, dilated input `lhs`, with feature
/// and batch groups (see ``ConvolutionConfiguration`` for the attributes).
///
/// Lowering: `stablehlo.convolution`, except that an ungrouped convolution
/// whose input or output spatial area is smaller than its kernel's is
/// written as tap slices and one `dot_general` (see `Convolution+TapForm.swift`),
/// which XLA CPU runs 20-50x faster (with a dilated input, as one dot and
/// the products placed by `pad`: `Convolution+ScatteredTaps.swift`). The form is chosen per instruction at
/// emission, so the convolutions of a gradient choose their own.
public struct Convolution: ConfiguredOp {
    /// `convolution`.
    public let name = "convolution"

    /// The attributes; see ``ConvolutionConfiguration``.
    public typealias Configuration = ConvolutionConfiguration

    static let dimensionAttributes = [
        ("input_batch_dimension", AttributeKind.int), ("input_feature_dimension", .int), ("input_spatial_dimensions", .ints),
        ("kernel_input_feature_dimension", .int), ("kernel_output_feature_dimension", .int),
        ("kernel_spatial_dimensions", .ints),
        ("output_batch_dimension", .int), ("output_feature_dimension", .int), ("output_spatial_dimensions", .ints),
    ]

    /// The dimension numbers (required); window strides, padding, dilations
    /// (ones and zeros when absent) and group counts (one when absent).
    public var attributeSchema: [AttributeSpec] {
        Convolution.dimensionAttributes.map { AttributeSpec($0.0, $0.1) }
            + ["window_strides", "padding_low", "padding_high", "lhs_dilation", "rhs_dilation"].map {
                AttributeSpec($0, .ints, required: false)
            }
            + [AttributeSpec("feature_group_count", .int, required: false),
               AttributeSpec("batch_group_count", .int, required: false)]
    }

    /// The convolution's type; see ``ConvolutionConfiguration``.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        try context.expectOperands(2)
        let (lhs, rhs) = (context.operandTypes[0], context.operandTypes[1])
        guard lhs.elementType == rhs.elementType, lhs.elementType != .bool else {
            throw context.invalid("operands must have one numeric element type")
        }
        let rank = lhs.shape.count
        guard rhs.shape.count == rank, rank >= 2 else {
            throw context.invalid("input and kernel must have one rank of at least 2")
        }
        let c = try configuration(of: context)
        let d = c.dimensions
        let spatial = rank - 2
        try context.checkLength(d.inputSpatial, rank: spatial, attribute: "input_spatial_dimensions")
        try context.checkLength(d.kernelSpatial, rank: spatial, attribute: "kernel_spatial_dimensions")
        try context.checkLength(d.outputSpatial, rank: spatial, attribute: "output_spatial_dimensions")
        try context.checkDimensions([d.inputBatch, d.inputFeature] + d.inputSpatial, rank: rank,
                                    attribute: "input dimension numbers")
        try context.checkDimensions([d.kernelInputFeature, d.kernelOutputFeature] + d.kernelSpatial, rank: rank,
                                    attribute: "kernel dimension numbers")
        try context.checkDimensions([d.outputBatch, d.outputFeature] + d.outputSpatial, rank: rank,
                                    attribute: "output dimension numbers")
        for (name, values) in [("window_strides", c.windowStrides), ("padding_low", c.paddingLow),
                               ("padding_high", c.paddingHigh), ("lhs_dilation", c.lhsDilation),
                               ("rhs_dilation", c.rhsDilation)] {
            guard values.count == spatial else {
                throw context.invalidAttribute(name, "it has \(values.count) entries for \(spatial) spatial dimensions")
            }
        }
        for (name, values) in [("window_strides", c.windowStrides), ("lhs_dilation", c.lhsDilation),
                               ("rhs_dilation", c.rhsDilation)] where values.contains(where: { $0 < 1 }) {
            throw context.invalidAttribute(name, "every entry must be positive, not \(values)")
        }
        try checkGroups(c, lhs: lhs, rhs: rhs, context)
        var shape = Array(repeating: 0, count: rank)
        shape[d.outputBatch] = lhs.shape[d.inputBatch] / c.batchGroupCount
        shape[d.outputFeature] = rhs.shape[d.kernelOutputFeature]
        for index in 0..<spatial {
            do {
                shape[d.outputSpatial[index]] = try c.outputSize(index, input: lhs.shape[d.inputSpatial[index]],
                                                                 kernel: rhs.shape[d.kernelSpatial[index]])
            } catch .crops {
                throw context.invalid("the padding of spatial dimension \(index) crops more than the dilated input holds")
            } catch let .overflow(extent) {
                throw context.invalid("the size of \(extent) in spatial dimension \(index) overflows Int")
            }
        }
        return [TensorType(lhs.elementType, shape)]
    }

    /// Checks feature and batch groups against the feature and batch sizes.
    private func checkGroups(_ c: ConvolutionConfiguration, lhs: TensorType, rhs: TensorType,
                             _ context: InferenceContext) throws {
        let d = c.dimensions
        let (features, batch) = (lhs.shape[d.inputFeature], lhs.shape[d.inputBatch])
        let (kernelInput, kernelOutput) = (rhs.shape[d.kernelInputFeature], rhs.shape[d.kernelOutputFeature])
        for (name, count) in [("feature_group_count", c.featureGroupCount), ("batch_group_count", c.batchGroupCount)]
            where count < 1 {
            throw context.invalidAttribute(name, "it must be positive, not \(count)")
        }
        guard c.featureGroupCount == 1 || c.batchGroupCount == 1 else {
            throw context.invalid("at most one of feature_group_count (\(c.featureGroupCount)) and batch_group_count (\(c.batchGroupCount)) may exceed 1")
        }
        guard features % c.featureGroupCount == 0, features / c.featureGroupCount == kernelInput else {
            throw context.invalid("the input's \(features) features in \(c.featureGroupCount) group(s) do not match the kernel's \(kernelInput) input features")
        }
        guard kernelOutput % c.featureGroupCount == 0 else {
            throw context.invalid("the kernel's \(kernelOutput) output features are not a multiple of feature_group_count \(c.featureGroupCount)")
        }
        guard batch % c.batchGroupCount == 0 else {
            throw context.invalid("the input's batch of \(batch) is not a multiple of batch_group_count \(c.batchGroupCount)")
        }
        guard kernelOutput % c.batchGroupCount == 0 else {
            throw context.invalid("the kernel's \(kernelOutput) output features are not a multiple of batch_group_count \(c.batchGroupCount)")
        }
    }

    /// `stablehlo.convolution`, or a faster equivalent: only the outputs
    /// that read input (``LiveOutputs``), in the tap form where that is
    /// faster (``TapPlan``, gathered or scattered, ``DepthwiseTapPlan``,
    /// ``BatchGroupTapPlan``).
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) throws {
        let operands = writer.operands(instruction)
        try Convolution.write(try configuration(of: instruction), lhs: operands[0], rhs: operands[1],
                              result: (writer.name(instruction.results[0]), instruction.results[0].type), into: &writer)
    }

    /// Writes the convolution of `lhs` and `rhs` into `result`.
    ///
    /// - Throws: what writing a tap form's sum throws.
    static func write(_ c: ConvolutionConfiguration, lhs: (name: String, type: TensorType),
                      rhs: (name: String, type: TensorType), result: (name: String, type: TensorType),
                      into writer: inout StableHLOWriter) throws {
        if let live = LiveOutputs(c, lhs: lhs.type, rhs: rhs.type, result: result.type) {
            let inner = (writer.temporary(), live.result)
            try write(live.configuration, lhs: lhs, rhs: rhs, result: inner, into: &writer)
            live.padToFullOutput(inner, into: result.name, &writer)
            return
        }
        if let plan = TapPlan(c, lhs: lhs.type, rhs: rhs.type, result: result.type) {
            if plan.scattersTaps {
                plan.emitScatteringTaps(lhs: lhs.name, rhs: rhs.name, result: result.name, into: &writer)
            } else if plan.contractsKernelInPlace {
                try plan.emitContractingKernelInPlace(lhs: lhs.name, rhs: rhs.name, result: result.name, into: &writer)
            } else {
                plan.emit(lhs: lhs.name, rhs: rhs.name, result: result.name, into: &writer)
            }
            return
        }
        if let plan = DepthwiseTapPlan(c, lhs: lhs.type, rhs: rhs.type, result: result.type) {
            plan.emit(lhs: lhs.name, rhs: rhs.name, result: result.name, into: &writer)
            return
        }
        if let plan = BatchGroupTapPlan(c, lhs: lhs.type, rhs: rhs.type, result: result.type) {
            plan.emit(lhs: lhs.name, rhs: rhs.name, result: result.name, into: &writer)
            return
        }
        writePlain(c, lhs: lhs, rhs: rhs, result: result, into: &writer)
    }

    /// Whether ``write(_:lhs:rhs:result:into:)`` lowers the convolution to
    /// the tap form (``TapPlan``), after cutting it to its live outputs.
    static func lowersToTaps(_ c: ConvolutionConfiguration, lhs: TensorType, rhs: TensorType, result: TensorType) -> Bool {
        guard let live = LiveOutputs(c, lhs: lhs, rhs: rhs, result: result) else {
            return TapPlan(c, lhs: lhs, rhs: rhs, result: result) != nil
        }
        return TapPlan(live.configuration, lhs: lhs, rhs: rhs, result: live.result) != nil
    }

    /// Writes `stablehlo.convolution`.
    private static func writePlain(_ c: ConvolutionConfiguration, lhs: (name: String, type: TensorType),
                                   rhs: (name: String, type: TensorType), result: (name: String, type: TensorType),
                                   into writer: inout StableHLOWriter) {
        let padding = zip(c.paddingLow, c.paddingHigh).map { "[\($0), \($1)]" }.joined(separator: ", ")
        // Without spatial dimensions the padding is left out (it defaults to none).
        let paddingProperty = c.spatialRank == 0 ? [] : ["padding = dense<[\(padding)]> : tensor<\(c.spatialRank)x2xi64>"]
        writer.operation("stablehlo.convolution", results: [result.name], operands: [lhs, rhs], resultTypes: [result.type],
                         properties: [
                             "batch_group_count = \(c.batchGroupCount) : i64",
                             "dimension_numbers = \(c.dimensions.stableHLOText)",
                             "feature_group_count = \(c.featureGroupCount) : i64",
                             "lhs_dilation = \(StableHLOWriter.i64Array(c.lhsDilation))",
                         ] + paddingProperty + [
                             "rhs_dilation = \(StableHLOWriter.i64Array(c.rhsDilation))",
                             "window_strides = \(StableHLOWriter.i64Array(c.windowStrides))",
                         ])
    }
}

extension Op {
    /// N-D convolution; see ``Convolution``.
    public static let convolution = Op(Convolution())
}

import Haiku

/// `Fixtures/conv_modules.json` (written by `Scripts/fixtures/conv_modules.py`
/// from real Haiku) and the modules its cases describe.
enum ConvolutionFixtures {
    /// The whole file.
    static let file: FixtureValue = fixtureFile("conv_modules")

    /// The names of the module cases, sorted.
    static let moduleCases: [String] = file["modules"].keys

    /// The names of the error cases, sorted.
    static let errorCases: [String] = file["errors"].keys

    /// The module `fixture["class"]` with `fixture["args"]`, as a function.
    static func module(_ fixture: FixtureValue) -> (Tensor) -> Tensor {
        let a = FixtureArguments(fixture["args"])
        switch fixture["class"].string {
        case "ConvND":
            return ConvND(numSpatialDims: a.int("numSpatialDims"), outputChannels: a.int("outputChannels"),
                          kernelShape: a.kernel, stride: a.stride, rate: a.rate, padding: a.padding,
                          withBias: a.withBias, dataFormat: a.dataFormat ?? .channelsLast, mask: a.mask,
                          featureGroupCount: a.groups).callAsFunction
        case "Conv1D":
            return Conv1D(outputChannels: a.int("outputChannels"), kernelShape: a.kernel, stride: a.stride, rate: a.rate,
                          padding: a.padding, withBias: a.withBias, dataFormat: a.dataFormat ?? .nwc, mask: a.mask,
                          featureGroupCount: a.groups).callAsFunction
        case "Conv2D":
            return Conv2D(outputChannels: a.int("outputChannels"), kernelShape: a.kernel, stride: a.stride, rate: a.rate,
                          padding: a.padding, withBias: a.withBias, dataFormat: a.dataFormat ?? .nhwc, mask: a.mask,
                          featureGroupCount: a.groups).callAsFunction
        case "Conv3D":
            return Conv3D(outputChannels: a.int("outputChannels"), kernelShape: a.kernel, stride: a.stride, rate: a.rate,
                          padding: a.padding, withBias: a.withBias, dataFormat: a.dataFormat ?? .ndhwc, mask: a.mask,
                          featureGroupCount: a.groups).callAsFunction
        case "ConvNDTranspose":
            return ConvNDTranspose(numSpatialDims: a.int("numSpatialDims"), outputChannels: a.int("outputChannels"),
                                   kernelShape: a.kernel, stride: a.stride, outputShape: a.outputShape,
                                   padding: a.padding, withBias: a.withBias, dataFormat: a.dataFormat ?? .channelsLast,
                                   mask: a.mask).callAsFunction
        case "Conv1DTranspose":
            return Conv1DTranspose(outputChannels: a.int("outputChannels"), kernelShape: a.kernel, stride: a.stride,
                                   outputShape: a.outputShape, padding: a.padding, withBias: a.withBias,
                                   dataFormat: a.dataFormat ?? .nwc, mask: a.mask).callAsFunction
        case "Conv2DTranspose":
            return Conv2DTranspose(outputChannels: a.int("outputChannels"), kernelShape: a.kernel, stride: a.stride,
                                   outputShape: a.outputShape, padding: a.padding, withBias: a.withBias,
                                   dataFormat: a.dataFormat ?? .nhwc, mask: a.mask).callAsFunction
        case "Conv3DTranspose":
            return Conv3DTranspose(outputChannels: a.int("outputChannels"), kernelShape: a.kernel, stride: a.stride,
                                   outputShape: a.outputShape, padding: a.padding, withBias: a.withBias,
                                   dataFormat: a.dataFormat ?? .ndhwc, mask: a.mask).callAsFunction
        case "DepthwiseConv1D":
            return DepthwiseConv1D(channelMultiplier: a.int("channelMultiplier"), kernelShape: a.kernel, stride: a.stride,
                                   rate: a.rate, padding: a.padding, withBias: a.withBias,
                                   dataFormat: a.dataFormat ?? .nwc).callAsFunction
        case "DepthwiseConv2D":
            return DepthwiseConv2D(channelMultiplier: a.int("channelMultiplier"), kernelShape: a.kernel, stride: a.stride,
                                   rate: a.rate, padding: a.padding, withBias: a.withBias,
                                   dataFormat: a.dataFormat ?? .nhwc).callAsFunction
        case "DepthwiseConv3D":
            return DepthwiseConv3D(channelMultiplier: a.int("channelMultiplier"), kernelShape: a.kernel, stride: a.stride,
                                   rate: a.rate, padding: a.padding, withBias: a.withBias,
                                   dataFormat: a.dataFormat ?? .ndhwc).callAsFunction
        case "SeparableDepthwiseConv2D":
            return SeparableDepthwiseConv2D(channelMultiplier: a.int("channelMultiplier"), kernelShape: a.kernel,
                                            stride: a.stride, padding: a.padding, withBias: a.withBias,
                                            dataFormat: a.dataFormat ?? .nhwc).callAsFunction
        case let other:
            fatalError("conv_modules.json names an unknown class \(other)")
        }
    }

    /// The `haiku.pad` function Python calls `name`.
    static func padFunction(_ name: String) -> Pad.PadFn {
        switch name {
        case "valid": Pad.valid
        case "same": Pad.same
        case "full": Pad.full
        case "causal": Pad.causal
        case "reverse_causal": Pad.reverseCausal
        default: fatalError("unknown pad function \(name)")
        }
    }
}

/// The convolution modules' arguments, with Haiku's defaults.
extension FixtureArguments {
    func shape(_ key: String) -> SpatialShape? {
        switch members[key] {
        case .none: nil
        case let .number(size)?: .uniform(Int(size))
        case let value?: .perDimension(value.ints)
        }
    }

    var kernel: SpatialShape { shape("kernelShape") ?? 1 }
    var stride: SpatialShape { shape("stride") ?? 1 }
    var rate: SpatialShape { shape("rate") ?? 1 }
    var outputShape: SpatialShape? { shape("outputShape") }
    var withBias: Bool { members["withBias"]?.bool ?? true }
    var groups: Int { members["featureGroupCount"]?.int ?? 1 }
    var mask: Tensor? { members["mask"].map(\.tensor) }

    var padding: ConvPadding {
        switch members["padding"] {
        case .none, .string("SAME")?: return .same
        case .string("VALID")?: return .valid
        case let .object(kind)? where kind["explicit"] != nil:
            return .explicit((kind["explicit"]?.array ?? []).map { (before: $0[0].int, after: $0[1].int) })
        case let .object(kind)?:
            return .functions((kind["functions"]?.strings ?? []).map(ConvolutionFixtures.padFunction))
        case let other?: fatalError("unknown padding \(other)")
        }
    }
}

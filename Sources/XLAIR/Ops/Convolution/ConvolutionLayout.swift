/// Where a convolution's batch, feature and spatial dimensions lie in its
/// input, kernel and output, one index per role (StableHLO's
/// `#stablehlo.conv` dimension numbers). Spatial dimension `i` of the
/// input, kernel and output correspond; any permutation and any number of
/// spatial dimensions is allowed.
///
/// The tensor API's `ConvDimensionNumbers` (in `XLATensor`) spells the
/// same layouts as JAX's letter strings (`"NHWC"`, `"HWIO"`, `"NHWC"`) and
/// resolves them into this type against the operands' rank.
public struct ConvolutionLayout: Hashable, Sendable {
    /// The input's batch dimension.
    public var inputBatch: Int
    /// The input's feature dimension.
    public var inputFeature: Int
    /// The input's spatial dimensions, in spatial order.
    public var inputSpatial: [Int]
    /// The kernel's input-feature dimension.
    public var kernelInputFeature: Int
    /// The kernel's output-feature dimension.
    public var kernelOutputFeature: Int
    /// The kernel's spatial dimensions, in spatial order.
    public var kernelSpatial: [Int]
    /// The output's batch dimension.
    public var outputBatch: Int
    /// The output's feature dimension.
    public var outputFeature: Int
    /// The output's spatial dimensions, in spatial order.
    public var outputSpatial: [Int]

    /// Creates dimension numbers from the three layouts.
    public init(inputBatch: Int, inputFeature: Int, inputSpatial: [Int],
                kernelInputFeature: Int, kernelOutputFeature: Int, kernelSpatial: [Int],
                outputBatch: Int, outputFeature: Int, outputSpatial: [Int]) {
        (self.inputBatch, self.inputFeature, self.inputSpatial) = (inputBatch, inputFeature, inputSpatial)
        (self.kernelInputFeature, self.kernelOutputFeature, self.kernelSpatial) =
            (kernelInputFeature, kernelOutputFeature, kernelSpatial)
        (self.outputBatch, self.outputFeature, self.outputSpatial) = (outputBatch, outputFeature, outputSpatial)
    }

    /// `[b, f, 0, 1]`-style layout of one operand: each position's role.
    static func layout(rank: Int, _ first: (Int, String), _ second: (Int, String), spatial: [Int]) -> String {
        var labels = Array(repeating: "?", count: rank)
        if labels.indices.contains(first.0) { labels[first.0] = first.1 }
        if labels.indices.contains(second.0) { labels[second.0] = second.1 }
        for (index, dimension) in spatial.enumerated() where labels.indices.contains(dimension) { labels[dimension] = "\(index)" }
        return "[" + labels.joined(separator: ", ") + "]"
    }

    /// `#stablehlo.conv<[b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f]>`.
    var stableHLOText: String {
        let rank = inputSpatial.count + 2
        let input = Self.layout(rank: rank, (inputBatch, "b"), (inputFeature, "f"), spatial: inputSpatial)
        let kernel = Self.layout(rank: rank, (kernelInputFeature, "i"), (kernelOutputFeature, "o"), spatial: kernelSpatial)
        let output = Self.layout(rank: rank, (outputBatch, "b"), (outputFeature, "f"), spatial: outputSpatial)
        return "#stablehlo.conv<\(input)x\(kernel)->\(output)>"
    }
}

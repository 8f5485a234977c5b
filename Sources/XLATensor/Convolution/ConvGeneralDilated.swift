import XLAIR

/// N-D convolution with strides, padding, input and kernel dilation and
/// groups: JAX's `lax.conv_general_dilated`.
///
/// ```swift
/// let x = Tensor.zeros([8, 32, 32, 3])                   // NHWC
/// let w = Tensor.zeros([3, 3, 3, 16])                    // HWIO
/// let y = convGeneralDilated(x, w, windowStrides: [1, 1], padding: .same,
///                            dimensionNumbers: .init(lhs: "NHWC", rhs: "HWIO", output: "NHWC"))
/// // y.shape == [8, 32, 32, 16]
/// ```
///
/// Both operands must have one element type: as in JAX, nothing is
/// promoted (`float32` with `bfloat16`, or `int32` with `float32`, is an
/// error). The result is weak only when both operands are. Bad arguments
/// (dtypes, ranks, layouts, list lengths, strides, group counts that do not divide
/// the features, padding that crops more than the input) give a poisoned
/// result whose error names the call's `file:line`.
///
/// - Parameters:
///   - lhs: the input, rank `n + 2` for `n` spatial dimensions.
///   - rhs: the kernel, of the same rank.
///   - windowStrides: the window's step along each spatial dimension.
///   - padding: `.valid`, `.same`, `.sameLower` (computed as
///     `lax.padtype_to_pads` from the dilated kernel) or `.explicit` pairs,
///     which may be negative. Only explicit padding combines with
///     `lhsDilation` (use ``convTranspose(_:_:strides:padding:rhsDilation:dimensionNumbers:transposeKernel:file:line:)``).
///   - lhsDilation: the input's dilation (ones when nil): transposed convolution.
///   - rhsDilation: the kernel's dilation (ones when nil): atrous convolution.
///   - dimensionNumbers: the layouts; nil means `NC...`, `OI...`, `NC...`.
///   - featureGroupCount: input features split into this many groups
///     (the input's features for depthwise convolution).
///   - batchGroupCount: the batch split into this many groups, each convolved
///     with its share of the output features.
public func convGeneralDilated(
    _ lhs: Tensor, _ rhs: Tensor, windowStrides: [Int], padding: Padding, lhsDilation: [Int]? = nil,
    rhsDilation: [Int]? = nil, dimensionNumbers: ConvDimensionNumbers? = nil, featureGroupCount: Int = 1,
    batchGroupCount: Int = 1, file: String = #fileID, line: Int = #line
) -> Tensor {
    let place = location(file, line)
    let fail = { (reason: String) in
        Tensor.invalid("convGeneralDilated", [lhs, rhs], reason, location: place, result: lhs.type)
    }
    guard lhs.dtype == rhs.dtype else {
        return fail("input and kernel must have one dtype, not \(lhs.dtype.name) and \(rhs.dtype.name) (as in JAX, "
                    + "nothing is promoted: convert one with converted(to:))")
    }
    guard lhs.rank == rhs.rank, lhs.rank >= 2 else {
        return fail("input and kernel must have one rank of at least 2, not \(lhs.shape) and \(rhs.shape)")
    }
    let dimensions: ConvolutionLayout
    switch dimensionNumbers?.resolved(rank: lhs.rank) ?? .success(ConvDimensionNumbers.standard(rank: lhs.rank)) {
    case let .success(resolved): dimensions = resolved
    case let .failure(error): return fail(error.reason)
    }
    let spatial = lhs.rank - 2
    let ones = Array(repeating: 1, count: spatial)
    let (lhsDilation, rhsDilation) = (lhsDilation ?? ones, rhsDilation ?? ones)
    for (name, values) in [("windowStrides", windowStrides), ("lhsDilation", lhsDilation), ("rhsDilation", rhsDilation)] {
        guard values.count == spatial, values.allSatisfy({ $0 > 0 }) else {
            return fail("\(name) \(values) must hold \(spatial) positive entries, one per spatial dimension")
        }
    }
    let isExplicit = { if case .explicit = padding { true } else { false } }()
    guard isExplicit || lhsDilation == ones else {
        return fail("\(padding) padding does not combine with lhsDilation \(lhsDilation); give explicit padding or use convTranspose")
    }
    let window = zip(dimensions.kernelSpatial, rhsDilation).map { Dilation.extent(of: rhs.shape[$0], by: $1) }
    guard let pairs = padding.pairs(inputShape: dimensions.inputSpatial.map { lhs.shape[$0] }, windowShape: window,
                                    strides: windowStrides) else {
        return fail("padding \(padding) must have one (low, high) pair per spatial dimension (\(spatial))")
    }
    let configuration = ConvolutionConfiguration(
        dimensions: dimensions, windowStrides: windowStrides, paddingLow: pairs.map(\.low), paddingHigh: pairs.map(\.high),
        lhsDilation: lhsDilation, rhsDilation: rhsDilation, featureGroupCount: featureGroupCount,
        batchGroupCount: batchGroupCount)
    return Tensor.apply(.convolution, [lhs, rhs], attributes: configuration.attributes, location: place,
                        fallback: lhs.type).weak(lhs.isWeak && rhs.isWeak)
}

import XLAIR

/// The N-D "transposed" convolution: a fractionally strided convolution
/// (the input dilated by `strides`), JAX's `lax.conv_transpose`.
///
/// As in JAX, the kernel is used as given (not flipped); with
/// `transposeKernel: true` its spatial dimensions are reversed and its
/// input and output features swapped, which matches TensorFlow's
/// `Conv2DTranspose` and is the gradient of a forward convolution.
///
/// ```swift
/// let x = Tensor.zeros([1, 4, 4, 8])                     // NHWC
/// let w = Tensor.zeros([3, 3, 8, 2])                     // HWIO
/// let y = convTranspose(x, w, strides: [2, 2], padding: .same)
/// // y.shape == [1, 8, 8, 2]
/// ```
///
/// - Parameters:
///   - lhs: the input, rank `n + 2`.
///   - rhs: the kernel, of the same rank.
///   - strides: the fractional strides (the input's dilation).
///   - padding: `.same` or `.valid` (JAX's padding for the transposed
///     convolution, from the dilated kernel size and the stride), or
///     `.explicit` pairs applied as they are to the dilated input.
///     `.sameLower` is rejected, as in JAX.
///   - rhsDilation: the kernel's dilation (ones when nil).
///   - dimensionNumbers: the layouts; nil means `NC`/`IO`/`NC`,
///     `NHC`/`HIO`/`NHC`, `NHWC`/`HWIO`/`NHWC` or `NHWDC`/`HWDIO`/`NHWDC`
///     by rank (JAX has no default beyond rank 5).
///   - transposeKernel: flip the kernel spatially and swap its feature roles.
public func convTranspose(
    _ lhs: Tensor, _ rhs: Tensor, strides: [Int], padding: Padding, rhsDilation: [Int]? = nil,
    dimensionNumbers: ConvDimensionNumbers? = nil, transposeKernel: Bool = false,
    file: String = #fileID, line: Int = #line
) -> Tensor {
    let place = location(file, line)
    let fail = { (reason: String) in
        Tensor.invalid("convTranspose", [lhs, rhs], reason, location: place, result: lhs.type)
    }
    let defaults = [2: ("NC", "IO", "NC"), 3: ("NHC", "HIO", "NHC"), 4: ("NHWC", "HWIO", "NHWC"),
                    5: ("NHWDC", "HWDIO", "NHWDC")]
    guard lhs.rank == rhs.rank, lhs.rank >= 2 else {
        return fail("input and kernel must have one rank of at least 2, not \(lhs.shape) and \(rhs.shape)")
    }
    guard let numbers = dimensionNumbers ?? defaults[lhs.rank].map({ ConvDimensionNumbers(lhs: $0.0, rhs: $0.1, output: $0.2) }) else {
        return fail("there are no default dimension numbers for rank \(lhs.rank); pass dimensionNumbers")
    }
    let dimensions: ConvolutionLayout
    switch numbers.resolved(rank: lhs.rank) {
    case let .success(resolved): dimensions = resolved
    case let .failure(error): return fail(error.reason)
    }
    let spatial = lhs.rank - 2
    let dilation = rhsDilation ?? Array(repeating: 1, count: spatial)
    guard strides.count == spatial, dilation.count == spatial, (strides + dilation).allSatisfy({ $0 > 0 }) else {
        return fail("strides \(strides) and rhsDilation \(dilation) must hold \(spatial) positive entries each")
    }
    let windows = zip(dimensions.kernelSpatial, dilation).map { Dilation.extent(of: rhs.shape[$0], by: $1) }
    let pairs: [Padding.Pair]
    switch padding {
    case .same, .valid:
        let computed = zip(windows, strides).compactMap { transposedPadding(window: $0, stride: $1, same: padding == .same) }
        guard computed.count == spatial else {
            return fail("the \(padding) padding for strides \(strides) and rhsDilation \(dilation) overflows Int")
        }
        pairs = computed
    case let .explicit(given) where given.count == spatial:
        pairs = given
    case .explicit:
        return fail("padding \(padding) must have one (low, high) pair per spatial dimension (\(spatial))")
    case .sameLower:
        return fail("convTranspose takes .same, .valid or .explicit padding, not .sameLower")
    }
    var kernel = rhs
    if transposeKernel {
        var swap = Array(0..<rhs.rank)
        swap.swapAt(dimensions.kernelInputFeature, dimensions.kernelOutputFeature)
        kernel = rhs.reversed(axes: dimensions.kernelSpatial, file: file, line: line).transposed(swap, file: file, line: line)
    }
    return convGeneralDilated(lhs, kernel, windowStrides: Array(repeating: 1, count: spatial), padding: .explicit(pairs),
                              lhsDilation: strides, rhsDilation: dilation, dimensionNumbers: numbers, file: file, line: line)
}

/// The padding of one dimension of a transposed convolution for a dilated
/// window of `window` elements and fractional stride `stride`: JAX's
/// `_conv_transpose_padding` for `"SAME"` (`same`) or `"VALID"`; nil when
/// it overflows `Int`.
private func transposedPadding(window k: Int, stride s: Int, same: Bool) -> Padding.Pair? {
    let sum = CheckedSize(k) + s - 2
    guard let total = (same ? sum : sum + Swift.max(k - s, 0)).value else { return nil }
    let before = same && s <= k - 1 ? total / 2 + total % 2 : k - 1
    return Padding.Pair(before, total - before)
}

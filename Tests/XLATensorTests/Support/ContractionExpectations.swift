import NumericsSupport
import Testing
import XLATensor

/// Expects float32 `actual` to equal JAX's `expected` within `tolerance`,
/// element by element, each bound scaled by the same element of
/// `magnitudes` (the computation over absolute values, or a scalar).
func expectContraction(_ actual: Tensor, _ expected: BitArray, magnitudes: Tensor, tolerance: ContractionTolerance,
                       _ what: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    #expect(actual.dtype == expected.elementType, "\(what): dtype \(actual.dtype), JAX \(expected.dtype)",
            sourceLocation: sourceLocation)
    #expect(actual.shape == expected.shape, "\(what): shape \(actual.shape), JAX \(expected.shape)",
            sourceLocation: sourceLocation)
    let closeness = try tolerance.compare(actual.scalars(as: Float.self), expected.floats,
                                          magnitudes: magnitudes.scalars(as: Float.self))
    #expect(closeness.isClose, "\(what): \(closeness)", sourceLocation: sourceLocation)
}

/// Expects two float32 tensors of ours that sum the same terms in
/// different orders (a batched contraction and a loop of unbatched ones)
/// to agree within `length` roundings of `magnitudes`.
func expectSameContraction(_ actual: Tensor, _ expected: Tensor, length: Int, magnitudes: Tensor,
                           _ what: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    #expect(actual.shape == expected.shape, "\(what): shape \(actual.shape), expected \(expected.shape)",
            sourceLocation: sourceLocation)
    let tolerance = ContractionTolerance(length: length, orderMatchesReference: false)
    let closeness = try tolerance.compare(actual.scalars(as: Float.self), expected.scalars(as: Float.self),
                                          magnitudes: magnitudes.scalars(as: Float.self))
    #expect(closeness.isClose, "\(what): \(closeness)", sourceLocation: sourceLocation)
}

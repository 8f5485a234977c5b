/// How far our float32 result of a contraction may lie from a reference
/// that summed the same terms, derived from the operation
/// (Docs/Architecture.md, "Numerics policy for tests").
///
/// XLA's CPU dot, convolution and reduction kernels sum in an order that
/// depends on the CPU's vector width. Whatever the order, a float32 sum of
/// products computed with `length` roundings lies within
/// γ = length·u / (1 − length·u) · m of the exact value, where u = 2⁻²⁴ is
/// float32's unit roundoff and m = Σ|aᵢbᵢ| is the element's *magnitude*
/// (the same contraction over absolute values). Two orders therefore differ
/// by at most 2γ·m, the ``bound(magnitude:)``. When the reference was
/// generated on this machine by JAX, which shares our XLA kernels, and our
/// computation sums the same terms in the same order, the results must be
/// equal and the tolerance is exact.
public struct ContractionTolerance: Sendable {
    /// The roundings on the way to each element: K for one dot product of
    /// length K (K − 1 additions and a multiplication); for a chain of
    /// contractions, the sum of its steps' lengths (plus one per
    /// elementwise operation that rounds on the way).
    public let length: Int

    /// Whether, on one machine, our computation sums the reference's terms
    /// in the reference's order (same XLA kernels on the same shapes), so
    /// that a reference generated on this machine is equal bit for bit.
    public let orderMatchesReference: Bool

    /// Whether the reference was generated on this machine
    /// (``FixtureFiles/areFromThisMachine`` unless told otherwise).
    public let referenceIsFromThisMachine: Bool

    /// A tolerance for results that pass through `length` roundings.
    public init(length: Int, orderMatchesReference: Bool = true,
                referenceIsFromThisMachine: Bool = FixtureFiles.areFromThisMachine) {
        precondition(length >= 1, "a contraction rounds at least once")
        self.length = length
        self.orderMatchesReference = orderMatchesReference
        self.referenceIsFromThisMachine = referenceIsFromThisMachine
    }

    /// Whether results must equal the reference bit for bit.
    public var isExact: Bool { orderMatchesReference && referenceIsFromThisMachine }

    /// The largest difference allowed for an element of magnitude
    /// `magnitude` (Σ|aᵢbᵢ|): 2γ·magnitude, or 0 when ``isExact``.
    public func bound(magnitude: Float) -> Float {
        if isExact { return 0 }
        let roundoff = Double(length) * 0x1p-24
        return Float(2 * roundoff / (1 - roundoff) * Double(Swift.abs(magnitude)))
    }
}

/// The outcome of comparing float32 results with a reference under a
/// ``ContractionTolerance``: whether every element is close, and if not, a
/// description of the worst one.
public struct Closeness: Sendable, CustomStringConvertible {
    /// Whether every element is within its bound (and the counts agree).
    public let isClose: Bool
    /// "close", or what is not: a count mismatch, or the worst element with
    /// both values, their bit patterns, the difference and its bound.
    public let description: String
}

extension ContractionTolerance {
    /// Compares `actual` with `expected` element by element. `magnitudes`
    /// holds each element's Σ|aᵢbᵢ| (the contraction over absolute values),
    /// or a single value for every element. Equal values (NaN with NaN,
    /// equal infinities) are close; when ``isExact``, only equal bit
    /// patterns are.
    public func compare(_ actual: [Float], _ expected: [Float], magnitudes: [Float]) -> Closeness {
        guard actual.count == expected.count else {
            return Closeness(isClose: false, description: "\(actual.count) elements, expected \(expected.count)")
        }
        guard magnitudes.count == expected.count || magnitudes.count == 1 else {
            return Closeness(isClose: false, description: "\(magnitudes.count) magnitudes for \(expected.count) elements")
        }
        var worst: (index: Int, excess: Float)?
        var outside = 0
        for index in expected.indices {
            let bound = bound(magnitude: magnitudes.count == 1 ? magnitudes[0] : magnitudes[index])
            guard let excess = excess(actual[index], expected[index], bound: bound) else { continue }
            outside += 1
            if worst.map({ excess > $0.excess }) ?? true { worst = (index, excess) }
        }
        guard let worst else { return Closeness(isClose: true, description: "close") }
        let (a, e) = (actual[worst.index], expected[worst.index])
        let magnitude = magnitudes.count == 1 ? magnitudes[0] : magnitudes[worst.index]
        let within = isExact ? "bit for bit" : "within \(bound(magnitude: magnitude)) (length \(length), magnitude \(magnitude))"
        return Closeness(isClose: false, description: """
            \(outside) of \(expected.count) elements not \(within); worst: element \(worst.index) is \(a) \
            (0x\(String(a.bitPattern, radix: 16))), expected \(e) (0x\(String(e.bitPattern, radix: 16))), \
            difference \(Swift.abs(a - e))
            """)
    }

    /// How far `actual` lies outside `bound` of `expected` (as a multiple of
    /// the bound; infinite when the bound is 0 or either value is not
    /// finite, since only equal non-finite values are close), or nil when
    /// it is close.
    private func excess(_ actual: Float, _ expected: Float, bound: Float) -> Float? {
        if actual.bitPattern == expected.bitPattern { return nil }
        if isExact { return .infinity }
        if actual == expected || (actual.isNaN && expected.isNaN) { return nil }
        if !actual.isFinite || !expected.isFinite { return .infinity }
        let difference = Swift.abs(actual - expected)
        if difference <= bound { return nil }
        return bound > 0 && difference.isFinite ? difference / bound : .infinity
    }
}

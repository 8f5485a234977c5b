extension FloatText {
    /// A float scalar as NumPy's `str` prints it (a 0-d array prints its one
    /// element this way): shortest round-trip digits, positional with at least
    /// one fraction digit (`1.0`) for zero and magnitudes from 0.0001 up to a
    /// cutoff (10³ for float16, 10⁶ for float32, 10¹⁶ for float64), otherwise
    /// scientific without a bare point (`1e-05`, `1.5e+16`).
    static func scalar<T: BinaryFloatingPoint & CustomStringConvertible>(_ value: T) -> String {
        guard value.isFinite else { return nonFinite(value) }
        let number = DecimalNumber(shortest: value)
        let cutoff: Double = switch T.significandBitCount {
        case ..<11: 1e3
        case ..<24: 1e6
        default: 1e16
        }
        let magnitude = Double(value.magnitude)
        guard number.isZero || (magnitude >= 0.0001 && magnitude < cutoff) else { return compactScientific(number) }
        let (integer, fraction) = number.positionalParts
        return integer + "." + (fraction.isEmpty ? "0" : fraction)
    }
}

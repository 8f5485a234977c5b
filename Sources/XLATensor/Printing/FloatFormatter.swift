/// NumPy's layout for the floats of one array (float16, float32, float64):
/// every element in positional or every one in scientific notation, padded
/// to one width. Positional elements show the shortest digits that read
/// back in the array's own type, at most 8 after the point, padded with
/// spaces; scientific ones show as many digits as the longest such element.
struct FloatFormatter<T: BinaryFloatingPoint & CustomStringConvertible> {
    /// Whether every element prints as `d.ddde±XX`.
    private let isScientific: Bool
    /// Columns for the sign and integer part.
    private var integerWidth = 0
    /// Digits after the point: space-padded when positional, zero-padded when scientific.
    private var fractionWidth = 0
    /// Digits of the exponent (at least 2).
    private var exponentWidth = 2

    /// Chooses the notation and the widths from the elements that will be printed.
    ///
    /// Scientific notation is used when a nonzero magnitude reaches
    /// `10^min(8, decimal precision of T)`, falls below 0.0001, or the largest
    /// is over 1000 times the smallest; the comparisons are made in `T`, as NumPy does.
    init(fitting values: [T]) {
        let finite = values.filter(\.isFinite)
        let magnitudes = finite.filter { $0 != 0 }.map(\.magnitude)
        if let largest = magnitudes.max(), let smallest = magnitudes.min() {
            isScientific = largest >= Self.scientificThreshold || smallest < T(0.0001) || largest / smallest > 1000
        } else {
            isScientific = false
        }
        let numbers = finite.map(decimal)
        if isScientific {
            let parts = numbers.map(\.scientificParts)
            integerWidth = parts.map(\.integer.count).max() ?? 0
            fractionWidth = parts.map(\.fraction.count).max() ?? 0
            exponentWidth = max(2, parts.map { String($0.exponent.magnitude).count }.max() ?? 0)
        } else {
            let parts = numbers.map(\.positionalParts)
            integerWidth = parts.map(\.integer.count).max() ?? 0
            fractionWidth = parts.map(\.fraction.count).max() ?? 0
        }
        for special in values where !special.isFinite {
            integerWidth = max(integerWidth, FloatText.nonFinite(special).count - tailWidth)
        }
    }

    /// The element's text, padded to the common width.
    func format(_ value: T) -> String {
        guard value.isFinite else {
            return FloatText.nonFinite(value).padded(toWidth: integerWidth + tailWidth)
        }
        if isScientific {
            // Dragon4 fills the common fraction width with the value's own further
            // digits, not zeros: float16 [1e-4, 7.663e-4] prints 7.6628e-04.
            let parts = DecimalNumber(exactly: value).rounded(toSignificantDigits: fractionWidth + 1).scientificParts
            return parts.integer.padded(toWidth: integerWidth) + "."
                + parts.fraction.padded(toWidth: fractionWidth, trailing: "0")
                + FloatText.exponent(parts.exponent, digits: exponentWidth)
        }
        let parts = decimal(value).positionalParts
        return parts.integer.padded(toWidth: integerWidth) + "." + parts.fraction.padded(toWidth: fractionWidth, trailing: " ")
    }

    /// Columns after the integer part: the point, the fraction and any exponent.
    private var tailWidth: Int {
        isScientific ? 1 + fractionWidth + 2 + exponentWidth : 1 + fractionWidth
    }

    /// The digits printed for a finite element: shortest round-trip, cut at
    /// 8 digits after the point (after the leading digit when scientific).
    private func decimal(_ value: T) -> DecimalNumber {
        DecimalNumber(shortest: value).limited(to: isScientific ? .significantDigits(9) : .fractionDigits(8), value: value)
    }

    /// `10^min(8, p)`, where `p` is the decimal digits `T` always keeps
    /// (NumPy's `finfo(T).precision`: 3 for float16, 6 for float32, 15 for float64).
    private static var scientificThreshold: T {
        let precision = T.significandBitCount * 30_103 / 100_000
        return (0..<min(8, precision)).reduce(1) { power, _ in power * 10 }
    }
}

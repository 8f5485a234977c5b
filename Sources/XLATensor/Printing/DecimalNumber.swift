/// A finite decimal number: a sign, significant digits and a power of ten,
/// read as `0.d₁d₂…dₙ × 10^exponent`. Zero has no digits.
///
/// The printers build every float's text from one of these, so rounding and
/// the split into integer, fraction and exponent live in one place.
struct DecimalNumber: Equatable {
    /// Whether the number carries a minus sign (negative zero included).
    var isNegative: Bool
    /// Significant digits, most significant first, with no leading or trailing zeros.
    private(set) var digits: [UInt8]
    /// The power of ten that multiplies `0.d₁d₂…`.
    private(set) var exponent: Int

    /// Creates `±0.d₁d₂… × 10^exponent`, dropping leading and trailing zero digits.
    init(isNegative: Bool, digits: [UInt8], exponent: Int) {
        let leadingZeros = digits.prefix { $0 == 0 }.count
        var significant = Array(digits.dropFirst(leadingZeros))
        while significant.last == 0 { significant.removeLast() }
        self.isNegative = isNegative
        self.digits = significant
        self.exponent = significant.isEmpty ? 0 : exponent - leadingZeros
    }

    /// Whether the number is zero (of either sign).
    var isZero: Bool { digits.isEmpty }

    /// The number rounded by `rule` (half to even by default) so that at most
    /// `count` significant digits remain (zero when `count` is negative).
    func rounded(
        toSignificantDigits count: Int, _ rule: FloatingPointRoundingRule = .toNearestOrEven
    ) -> DecimalNumber {
        guard digits.count > count else { return self }
        guard count >= 0 else { return DecimalNumber(isNegative: isNegative, digits: [], exponent: 0) }
        // A leading zero gives a carry out of the first digit somewhere to go.
        var kept = [0] + digits.prefix(count)
        let dropped = digits[count...]
        let isTie = dropped.first == 5 && dropped.count == 1
        let roundsUp = switch rule {
        case .towardZero: false
        case .awayFromZero: true
        default: dropped.first! > 5 || (dropped.first == 5 && !isTie) || (isTie && kept.last! % 2 == 1)
        }
        if roundsUp {
            var position = kept.count - 1
            while kept[position] == 9 {
                kept[position] = 0
                position -= 1
            }
            kept[position] += 1
        }
        return DecimalNumber(isNegative: isNegative, digits: kept, exponent: exponent + 1)
    }

    /// The sign as printed: `-` or nothing.
    var signText: String { isNegative ? "-" : "" }

    /// The integer part with its sign and the fraction digits, as a number
    /// written without an exponent splits them: `-12.5` gives `("-12", "5")`.
    var positionalParts: (integer: String, fraction: String) {
        let integerDigits = exponent > 0 ? text(digits.prefix(exponent)) + zeros(exponent - digits.count) : "0"
        let fraction = exponent >= 0
            ? text(digits.dropFirst(exponent))
            : zeros(-exponent) + text(digits[...])
        return (signText + integerDigits, fraction)
    }

    /// The leading digit with its sign, the other digits, and the power of
    /// ten, as scientific notation splits them: `-1.25e-05` gives `("-1", "25", -5)`.
    var scientificParts: (integer: String, fraction: String, exponent: Int) {
        guard let first = digits.first else { return (signText + "0", "", 0) }
        return (signText + String(first), text(digits.dropFirst()), exponent - 1)
    }

    private func text(_ digits: ArraySlice<UInt8>) -> String {
        String(decoding: digits.map { $0 + UInt8(ascii: "0") }, as: UTF8.self)
    }

    private func zeros(_ count: Int) -> String {
        String(repeating: "0", count: max(count, 0))
    }
}

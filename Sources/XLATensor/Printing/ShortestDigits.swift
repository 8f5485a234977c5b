extension DecimalNumber {
    /// The shortest digits that read back as `value` in its own type, as
    /// NumPy's Dragon4 chooses them.
    ///
    /// Swift's `description` is the starting point. It can be longer than
    /// Dragon4's digits only for integers spaced 2 or more apart: Float16
    /// prints those exactly (`65504.0`, where Dragon4 has `6.55e+04`), and a
    /// halfway point to a neighbour reads back as `value` when its significand
    /// is even (float16 `4112` is `4.11e+03`), which Swift does not use. For
    /// those values shorter lengths are tried, nearest candidate first.
    init<T: BinaryFloatingPoint & CustomStringConvertible>(shortest value: T) {
        self.init(swiftDescription: value.description)
        guard value.integerSignificandAndExponent.exponent >= 1 else { return }
        let exact = DecimalNumber(exactly: value)
        for length in 1..<max(digits.count, 1) {
            let candidates = [FloatingPointRoundingRule.toNearestOrEven, .towardZero, .awayFromZero]
                .map { exact.rounded(toSignificantDigits: length, $0) }
            if let shortest = candidates.first(where: { T(Double(FloatText.compactScientific($0))!) == value }) {
                self = shortest
                return
            }
        }
    }

    /// Parses Swift's description of a finite float: `-1.5e-05`, `100.0`, `-0.0`.
    init(swiftDescription text: String) {
        let isNegative = text.hasPrefix("-")
        let unsigned = text.drop { $0 == "-" }
        let mantissa = unsigned.prefix { $0 != "e" && $0 != "E" }
        let powerOfTen = Int(unsigned.dropFirst(mantissa.count + 1)) ?? 0
        let integerDigits = mantissa.prefix { $0 != "." }
        let digits = mantissa.filter { $0 != "." }.map { UInt8($0.asciiValue! - UInt8(ascii: "0")) }
        self.init(isNegative: isNegative, digits: digits, exponent: integerDigits.count + powerOfTen)
    }

    /// The shortest round-trip digits cut at `cutoff`, the way Dragon4 does:
    /// when the shortest digits reach past the cutoff, the exact value is
    /// rounded, so a cut that lands on a 5 is settled by the true value.
    func limited<T: BinaryFloatingPoint>(to cutoff: DigitCutoff, value: T) -> DecimalNumber {
        guard digits.count > cutoff.significantDigits(of: self) else { return self }
        let exact = DecimalNumber(exactly: value)
        return exact.rounded(toSignificantDigits: cutoff.significantDigits(of: exact))
    }
}

/// Where printing stops producing digits.
enum DigitCutoff {
    /// At most this many digits after the decimal point.
    case fractionDigits(Int)
    /// At most this many significant digits.
    case significantDigits(Int)

    /// How many significant digits of `number` the cutoff keeps.
    func significantDigits(of number: DecimalNumber) -> Int {
        switch self {
        case .fractionDigits(let count): number.exponent + count
        case .significantDigits(let count): count
        }
    }
}

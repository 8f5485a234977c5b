extension DecimalNumber {
    /// The exact decimal value of a finite binary floating-point number.
    ///
    /// Every binary fraction has a finite decimal expansion; this one is
    /// computed with base-10⁹ limbs, so it is exact for any `Double`.
    init<T: BinaryFloatingPoint>(exactly value: T) {
        let (significand, exponent) = value.integerSignificandAndExponent
        self.init(isNegative: value.sign == .minus, significand: significand, binaryExponent: exponent)
    }

    /// The exact decimal value of `±significand × 2^binaryExponent`.
    init(isNegative: Bool, significand: UInt64, binaryExponent: Int) {
        var limbs = DecimalLimbs(significand)
        // m × 2^-k = m × 5^k / 10^k: a negative power of two becomes a power of five.
        let factor: UInt64 = binaryExponent >= 0 ? 2 : 5
        let chunk = binaryExponent >= 0 ? 30 : 13
        var remaining = abs(binaryExponent)
        while remaining > 0 {
            let step = min(remaining, chunk)
            limbs.multiply(by: (0..<step).reduce(1) { power, _ in power * factor })
            remaining -= step
        }
        let digits = limbs.digits
        let shift = binaryExponent >= 0 ? 0 : binaryExponent
        self.init(isNegative: isNegative, digits: digits, exponent: digits.count + shift)
    }
}

extension BinaryFloatingPoint {
    /// The magnitude as an integer significand and a power of two:
    /// `|self| == significand × 2^exponent`. Only for finite values.
    var integerSignificandAndExponent: (significand: UInt64, exponent: Int) {
        let fractionBits = Self.significandBitCount
        let bias = (1 << (Self.exponentBitCount - 1)) - 1
        let fraction = UInt64(significandBitPattern)
        guard exponentBitPattern != 0 else { return (fraction, 1 - bias - fractionBits) }
        return (fraction | 1 << fractionBits, Int(exponentBitPattern) - bias - fractionBits)
    }
}

/// A non-negative integer in base 10⁹, least significant limb first.
private struct DecimalLimbs {
    private static let base: UInt64 = 1_000_000_000
    private var limbs: [UInt64]

    init(_ value: UInt64) {
        limbs = [value % Self.base, value / Self.base % Self.base, value / Self.base / Self.base]
    }

    /// Multiplies in place by a factor below 2³².
    mutating func multiply(by factor: UInt64) {
        var carry: UInt64 = 0
        for index in limbs.indices {
            let product = limbs[index] * factor + carry
            limbs[index] = product % Self.base
            carry = product / Self.base
        }
        while carry > 0 {
            limbs.append(carry % Self.base)
            carry /= Self.base
        }
    }

    /// The decimal digits, most significant first, without leading zeros.
    var digits: [UInt8] {
        var result: [UInt8] = []
        for limb in limbs.reversed() {
            var chunk = [UInt8](repeating: 0, count: 9)
            var rest = limb
            for position in (0..<9).reversed() {
                chunk[position] = UInt8(rest % 10)
                rest /= 10
            }
            result += chunk
        }
        return Array(result.drop { $0 == 0 })
    }
}

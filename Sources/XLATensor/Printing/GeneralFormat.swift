extension FloatText {
    /// The value as C's `%g` prints it with 6 significant digits (what an
    /// `ostream` writes for a `float`, and so what ml_dtypes prints for a
    /// bfloat16): positional for exponents -4 through 5, otherwise `1e+06`
    /// style, with trailing zeros and a bare point removed.
    static func general(_ value: Float) -> String {
        guard value.isFinite else { return nonFinite(value) }
        let number = DecimalNumber(exactly: value).rounded(toSignificantDigits: 6)
        let exponent = number.scientificParts.exponent
        return exponent < -4 || exponent >= 6 ? compactScientific(number) : compactPositional(number)
    }
}

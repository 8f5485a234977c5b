/// Pieces of float text shared by every float printer.
enum FloatText {
    /// `nan`, `inf` or `-inf`; NaN never shows a sign.
    static func nonFinite<T: FloatingPoint>(_ value: T) -> String {
        value.isNaN ? "nan" : value < 0 ? "-inf" : "inf"
    }

    /// `e+05`, `e-123`: the exponent with its sign and at least `digits` digits.
    static func exponent(_ exponent: Int, digits: Int = 2) -> String {
        "e" + (exponent < 0 ? "-" : "+") + String(exponent.magnitude).padded(toWidth: digits, leading: "0")
    }

    /// Scientific notation without trailing zeros or a bare point: `1e-05`, `-2.5e+16`.
    static func compactScientific(_ number: DecimalNumber) -> String {
        let parts = number.scientificParts
        return joined(parts.integer, parts.fraction) + exponent(parts.exponent)
    }

    /// Positional notation without a bare point: `1`, `0.100098`.
    static func compactPositional(_ number: DecimalNumber) -> String {
        let parts = number.positionalParts
        return joined(parts.integer, parts.fraction)
    }

    private static func joined(_ integer: String, _ fraction: String) -> String {
        fraction.isEmpty ? integer : integer + "." + fraction
    }
}

/// `value` with `places` decimals, e.g. `decimal(1.2345, places: 2)` is `1.23`;
/// a NaN, an infinity or a value too large for the digits is printed as Swift prints it.
func decimal(_ value: Double, places: Int) -> String {
    var scale = 1
    for _ in 0..<places { scale *= 10 }
    guard value.isFinite, abs(value) * Double(scale) < 1e18 else { return "\(value)" }
    let scaled = Int((abs(value) * Double(scale)).rounded())
    let fraction = String(scaled % scale + scale).dropFirst()
    return (value < 0 && scaled != 0 ? "-" : "") + "\(scaled / scale)" + (places > 0 ? ".\(fraction)" : "")
}

/// `value` in microseconds with one decimal, e.g. `1.9`.
func microseconds(_ seconds: Double) -> String { decimal(seconds * 1e6, places: 1) }

/// `value` in milliseconds with two decimals, e.g. `12.34`.
func milliseconds(_ seconds: Double) -> String { decimal(seconds * 1e3, places: 2) }

/// `value / baseline` with two decimals, e.g. `0.52`.
func ratio(_ value: Double, _ baseline: Double) -> String { decimal(value / baseline, places: 2) }

/// `text` padded with spaces to `width` columns (at least one space).
func pad(_ text: String, _ width: Int) -> String {
    text + String(repeating: " ", count: max(1, width - text.count))
}

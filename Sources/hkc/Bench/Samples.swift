/// Timings of repeated runs, in seconds, summarised by percentiles.
struct Samples {
    private(set) var sorted: [Double]

    init(_ seconds: [Double]) {
        sorted = seconds.sorted()
    }

    /// The value below which `fraction` of the samples lie (nearest rank).
    func percentile(_ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((fraction * Double(sorted.count - 1)).rounded())
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    /// The median.
    var median: Double { percentile(0.5) }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}

/// `value` in microseconds with one decimal, e.g. `1.9`.
func microseconds(_ seconds: Double) -> String {
    let tenths = Int((seconds * 1e7).rounded())
    return "\(tenths / 10).\(tenths % 10)"
}

/// `value` in milliseconds with two decimals, e.g. `12.34`.
func milliseconds(_ seconds: Double) -> String {
    let hundredths = Int((seconds * 1e5).rounded())
    return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
}

/// `value / baseline` with two decimals, e.g. `0.52`.
func ratio(_ value: Double, _ baseline: Double) -> String {
    let hundredths = Int((value / baseline * 100).rounded())
    return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
}

/// `text` padded with spaces to `width` columns (at least one space).
func pad(_ text: String, _ width: Int) -> String {
    text + String(repeating: " ", count: max(1, width - text.count))
}

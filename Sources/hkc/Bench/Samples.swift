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

extension Samples {
    /// The median, p10 and p90 in milliseconds as JSON fields
    /// (`median_ms`, `p10_ms`, `p90_ms`), as `Scripts/bench-jax` writes them.
    var millisecondFields: [(String, String)] {
        [("median_ms", "\(median * 1e3)"), ("p10_ms", "\(percentile(0.1) * 1e3)"), ("p90_ms", "\(percentile(0.9) * 1e3)")]
    }

    /// `median 1.234 ms (p10 1.200, p90 1.300)`.
    var millisecondSummary: String {
        "median \(decimal(median * 1e3, places: 3)) ms (p10 \(decimal(percentile(0.1) * 1e3, places: 3)), "
            + "p90 \(decimal(percentile(0.9) * 1e3, places: 3)))"
    }
}

/// Prints `fields` as one JSON object (values are already JSON).
func printJSON(_ fields: [(String, String)]) {
    print("{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
}

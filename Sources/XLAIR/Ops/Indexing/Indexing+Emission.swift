extension StableHLOWriter {
    /// `name = [1, 2]` for a field of gather's or scatter's dimension
    /// numbers, nil when empty (StableHLO omits empty lists).
    static func dimensionField(_ name: String, _ values: [Int]) -> String? {
        values.isEmpty ? nil : "\(name) = [" + values.map(String.init).joined(separator: ", ") + "]"
    }
}

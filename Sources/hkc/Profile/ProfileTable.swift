/// One row of `hkc profile`'s table: a part of the step and its time.
struct ProfileRow {
    let part: ScopeSubprograms.Part
    /// The part's time in seconds.
    let seconds: Double
}

/// `hkc profile`'s report: the rows by time, the costliest first, each
/// with its share of the parts' sum, then that sum against the whole step.
struct ProfileTable {
    let model: String
    let rows: [ProfileRow]
    /// The whole step's time in seconds.
    let step: Double
    /// Whether each row lists its ops by kind.
    let listingOps: Bool

    var text: String {
        let total = rows.reduce(0) { $0 + $1.seconds }
        var text = "\(model) training step, timed per module path (each part compiled and run on its own)\n"
        text += pad("ms", 10) + pad("share", 9) + pad("ops", 7) + "module path\n"
        for row in rows.sorted(by: { $0.seconds > $1.seconds }) {
            let share = total > 0 ? decimal(100 * row.seconds / total, places: 1) + "%" : "-"
            text += pad(milliseconds(row.seconds), 10) + pad(share, 9) + pad("\(row.part.opCount)", 7) + row.part.scope.name + "\n"
            if listingOps {
                let kinds = row.part.opCounts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
                text += "    " + kinds.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + "\n"
            }
        }
        text += "sum of parts \(milliseconds(total)) ms; whole step \(milliseconds(step)) ms "
            + "(XLA fuses across modules in the whole step)\n"
        return text
    }
}

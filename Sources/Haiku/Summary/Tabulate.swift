/// A table of the module method calls `transformed` makes on these inputs
/// (`hk.experimental.tabulate`): by default, module (with the calls it runs
/// in), its configuration, its own parameters, input and output shapes, and
/// the parameter count and bytes of the module with its submodules, for the
/// calls that return something. The function is traced, not run.
///
/// ```swift
/// let f = transform { (x: Tensor) in MLP([300, 100, 10])(x) }
/// print(try tabulate(f, Tensor.ones([8, 784])))
/// print(try tabulate(f, Tensor.ones([8, 784]), columns: [.module, .paramsSize], filters: [.hasParams]))
/// ```
///
/// - Parameters:
///   - columns: the columns, in order (Haiku's `columns`).
///   - filters: the calls kept are those every filter keeps (Haiku's
///     `filters`); with none left the text is `No modules matching filters.`
/// - Throws: ``HaikuError/invalidArgument(_:location:)`` for an empty
///   `columns`, or the function's error.
public func tabulate<each Input: TensorTree, Output: TensorTree>(
    _ transformed: Transformed<repeat each Input, Output>, _ inputs: repeat each Input,
    columns: [TabulateColumn] = TabulateColumn.allCases, filters: [TabulateFilter] = [.hasOutput]
) throws -> String {
    try tabulate(transformed.stateful, repeat each inputs, columns: columns, filters: filters)
}

/// The table of a plain function that uses modules, which is transformed
/// with state first, as Haiku's `tabulate` does for a function that is not
/// transformed yet.
///
/// ```swift
/// print(try tabulate({ (x: Tensor) in Linear(3)(x) }, Tensor.ones([1, 2])))
/// ```
public func tabulate<each Input: TensorTree, Output: TensorTree>(
    _ function: @escaping (repeat each Input) throws -> Output, _ inputs: repeat each Input,
    columns: [TabulateColumn] = TabulateColumn.allCases, filters: [TabulateFilter] = [.hasOutput]
) throws -> String {
    try tabulate(transformWithState(function), repeat each inputs, columns: columns, filters: filters)
}

/// The table of a function with state, as Haiku's `tabulate` takes
/// `hk.transform_with_state` functions too (state is not counted as
/// parameters).
///
/// ```swift
/// let f = transformWithState { (x: Tensor) in BatchNorm(createScale: true, createOffset: true, decayRate: 0.9)(x, isTraining: true) }
/// print(try tabulate(f, Tensor.ones([8, 16])))
/// ```
public func tabulate<each Input: TensorTree, Output: TensorTree>(
    _ transformed: TransformedWithState<repeat each Input, Output>, _ inputs: repeat each Input,
    columns: [TabulateColumn] = TabulateColumn.allCases, filters: [TabulateFilter] = [.hasOutput]
) throws -> String {
    guard !columns.isEmpty else {
        throw HaikuError.invalidArgument("tabulate needs at least one column, got none; the columns are "
                                         + TabulateColumn.allCases.map(\.rawValue).joined(separator: ", "), location: nil)
    }
    let rows = try evalSummary(transformed, repeat each inputs)
        .filter { call in filters.allSatisfy { $0.keeps(call) } }
        .map { call in columns.map { $0.cell(call) } }
    guard !rows.isEmpty else { return "No modules matching filters." }
    return gridTable(headers: columns.map(\.header), rows: rows,
                     rightAligned: Set(columns.indices.filter { columns[$0].isRightAligned }))
}

/// `266,610`.
func groupedThousands(_ value: Int) -> String {
    let digits = String(value)
    return digits.enumerated().map { index, digit in
        (index > 0 && (digits.count - index) % 3 == 0 ? "," : "") + String(digit)
    }.joined()
}

/// Haiku's `format_bytes`: decimal units with two decimals (`942.00 KB`).
func formatBytes(_ bytes: Int) -> String {
    var value = Double(bytes)
    var unit = "B"
    for next in ["KB", "MB", "GB", "TB"] where value >= 1000 {
        value /= 1000
        unit = next
    }
    let hundredths = Int((value * 100).rounded())
    return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100) \(unit)"
}

/// A `tabulate` "grid" table: cells padded by one space, rows separated by
/// `+---+` lines, `+===+` under the headers, multi-line cells.
func gridTable(headers: [String], rows: [[String]], rightAligned: Set<Int>) -> String {
    let split = { (cell: String) in cell.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
    // As `tabulate`: a column is as wide as its widest cell, and at least
    // its header plus two.
    let widths = headers.indices.map { column in
        max(headers[column].count + 2, rows.map { $0[column] }.flatMap(split).map(\.count).max() ?? 0)
    }
    func rule(_ fill: Character) -> String {
        "+" + widths.map { String(repeating: fill, count: $0 + 2) }.joined(separator: "+") + "+"
    }
    func line(_ cells: [String]) -> [String] {
        let lines = cells.map(split)
        let height = lines.map(\.count).max() ?? 1
        return (0..<height).map { row in
            "| " + lines.indices.map { column in
                let text = row < lines[column].count ? lines[column][row] : ""
                let padding = String(repeating: " ", count: widths[column] - text.count)
                return rightAligned.contains(column) ? padding + text : text + padding
            }.joined(separator: " | ") + " |"
        }
    }
    var output = [rule("-")] + line(headers) + [rule("=")]
    for row in rows { output += line(row) + [rule("-")] }
    return output.joined(separator: "\n")
}

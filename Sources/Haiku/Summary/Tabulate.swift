/// A table of the module method calls `transformed` makes on these inputs
/// (`hk.experimental.tabulate`): module (with the calls it runs in), its
/// configuration, its own parameters, input and output shapes, and the
/// parameter count and bytes of the module with its submodules. Calls that
/// return nothing are left out. The function is traced, not run.
///
/// ```swift
/// let f = transform { (x: Tensor) in MLP([300, 100, 10])(x) }
/// print(try tabulate(f, Tensor.ones([8, 784])))
/// ```
public func tabulate<each Input: TensorTree, Output: TensorTree>(
    _ transformed: Transformed<repeat each Input, Output>, _ inputs: repeat each Input
) throws -> String {
    try tabulate(transformed.stateful, repeat each inputs)
}

/// ``tabulate(_:_:)-(Transformed<repeat each Input, Output>,_)`` of a
/// function with state, as Haiku's `tabulate` takes
/// `hk.transform_with_state` functions too (state is not counted as
/// parameters).
///
/// ```swift
/// let f = transformWithState { (x: Tensor) in BatchNorm(createScale: true, createOffset: true, decayRate: 0.9)(x, isTraining: true) }
/// print(try tabulate(f, Tensor.ones([8, 16])))
/// ```
public func tabulate<each Input: TensorTree, Output: TensorTree>(
    _ transformed: TransformedWithState<repeat each Input, Output>, _ inputs: repeat each Input
) throws -> String {
    let rows = try evalSummary(transformed, repeat each inputs).filter { $0.output != nil }.map { call -> [String] in
        let owned = call.params.compactMap { name, spec -> (String, ArraySpec)? in
            let split = name.lastIndex(of: "/").map { (String(name[..<$0]), String(name[name.index(after: $0)...])) }
            guard let split, split.0 == call.module.moduleName else { return nil }
            return (split.1, spec)
        }.sorted { ($0.1.size, $1.0) > ($1.1.size, $0.0) }
        let specs = Array(call.params.values)
        let count = specs.reduce(0) { $0 + $1.size }
        let bytes = specs.reduce(0) { $0 + $1.size * $1.dtype.byteCount }
        return [
            call.callStack.map { "\($0.module.moduleName) (\($0.module.className)\($0.methodName == "__call__" ? "" : ".\($0.methodName)"))" }
                .joined(separator: "\n └ "),
            call.module.description,
            owned.map { "\($0.0): \($0.1)" }.joined(separator: "\n"),
            call.arguments.map(\.description).joined(separator: ", "),
            (call.output ?? []).map(\.description).joined(separator: ", "),
            groupedThousands(count),
            formatBytes(bytes),
        ]
    }
    let headers = ["Module", "Config", "Module params", "Input", "Output", "Param count", "Param bytes"]
    return gridTable(headers: headers, rows: rows, rightAligned: [5, 6])
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

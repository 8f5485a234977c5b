import Testing

/// `hkc profile`: the training step's time per module path, forward and
/// backward apart, the shares of the parts summing to 100%.
@Suite struct HKCProfileTests {
    /// The table's rows: share (percent), op count and name.
    static func rows(_ output: String) throws -> [(share: Double, ops: Int, name: String)] {
        let lines = output.split(separator: "\n").map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("ms ") }, "\(output)")
        let end = try #require(lines.firstIndex { $0.hasPrefix("sum of parts ") }, "\(output)")
        return try lines[(header + 1)..<end].filter { !$0.hasPrefix(" ") }.map { line in
            let fields = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: true)
            let share = try #require(Double(fields[1].dropLast()), "\(line)")
            let ops = try #require(Int(fields[2]), "\(line)")
            return (share, ops, String(fields[3].drop { $0 == " " }))
        }
    }

    @Test func mlpStepIsTimedPerModulePath() throws {
        let result = try HKCProcess.run(["profile", "mlp", "--batch", "4", "--runs", "1", "--ops"])
        #expect(result.status == 0, "\(result.output)")
        let rows = try Self.rows(result.output)
        let names = Set(rows.map(\.name))
        for path in ["mlp/~/linear_0", "mlp/~/linear_1", "mlp/~/linear_2"] {
            #expect(names.contains(path) && names.contains("\(path) (backward)"), "\(path) in \(names)")
        }
        // Shares are rounded to 0.1%: their sum is 100% within half a step per row.
        let total = rows.reduce(0) { $0 + $1.share }
        #expect(abs(total - 100) <= 0.05 * Double(rows.count) + 1e-9, "\(total)")
        #expect(rows.allSatisfy { $0.ops > 0 })
        // --ops lists each row's kinds: a layer's forward pass has its product.
        #expect(result.output.contains("dot_general 1"), "\(result.output)")
        #expect(result.output.contains("whole step"), "\(result.output)")
    }

    @Test(arguments: [["profile", "alexnet"], ["profile", "mlp", "--runs", "0"], ["profile", "mlp", "--batch", "0"]])
    func badArgumentsAreUsageErrors(arguments: [String]) throws {
        let result = try HKCProcess.run(arguments)
        #expect(result.status == 64, "\(result.output)")
        #expect(result.output.contains(arguments.count == 2 ? "alexnet" : arguments[2].dropFirst(2)), "\(result.output)")
    }
}

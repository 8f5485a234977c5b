import Testing

/// Every public entry point probed with bad input (Sources/hkprobe) ends
/// in the outcome its probe expects — a typed error, or a value where JAX
/// returns one too — and never in a crash or a hang. The probes run in
/// child processes, so a crash is reported, not fatal to the test runner.
@Suite struct CrashRegressionTests {
    @Test func everyProbeEndsAsExpected() throws {
        let records = try ProbeRun.all()
        let counts = ProbeClass.allCases.map { kind in "\(kind.rawValue) \(records.filter { $0.outcome == kind }.count)" }
        print("hkprobe: \(records.count) probes: \(counts.joined(separator: ", "))")
        #expect(records.count > 100, "the run stopped early: \(records.count) probes")
        for record in records where record.outcome != record.expected {
            Issue.record("\(record.name): \(record.outcome.rawValue), expected \(record.expected.rawValue) — \(record.detail)")
        }
    }
}

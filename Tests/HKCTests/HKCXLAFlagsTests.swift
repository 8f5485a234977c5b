import Foundation
import Testing

/// `XLA_FLAGS` naming a flag file (XLA's form for a value that does not
/// start with `-`) keeps working: the runtime adds its flag without turning
/// the file name into one XLA cannot open (which exited the process); a
/// flag the plugin does not know is named in an error instead of XLA ending
/// the process.
@Suite struct HKCXLAFlagsTests {
    @Test func flagFileIsRead() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hk-xla-flags-\(UInt32.random(in: 0...UInt32.max))").path
        try "--xla_cpu_enable_fast_math=false\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try HKCProcess.run(["doctor"], environment: ["XLA_FLAGS": path])
        #expect(!result.crashed, "\(result.output)")
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("self-test") && result.output.contains(": ok"), "\(result.output)")
    }

    @Test func unreadableFlagFileIsAnError() throws {
        let result = try HKCProcess.run(["doctor"], environment: ["XLA_FLAGS": "/nonexistent-hk/flags"])
        #expect(!result.crashed, "\(result.output)")
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("XLA_FLAGS names the flag file '/nonexistent-hk/flags'"), "\(result.output)")
    }

    @Test func knownInlineFlagsRun() throws {
        let flags = "--xla_cpu_enable_fast_math=false  --xla_force_host_platform_device_count=1"
        let result = try HKCProcess.run(["doctor"], environment: ["XLA_FLAGS": flags])
        #expect(!result.crashed, "\(result.output)")
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("self-test") && result.output.contains(": ok"), "\(result.output)")
    }

    @Test func unknownFlagIsNamedBeforeXLAExits() throws {
        let flags = "--xla_cpu_enable_fast_math=false --xla_cpu_enable_fast_mat=true"
        let result = try HKCProcess.run(["doctor"], environment: ["XLA_FLAGS": flags])
        #expect(!result.crashed, "\(result.output)")
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("XLA_FLAGS sets --xla_cpu_enable_fast_mat, a flag the plugin"), "\(result.output)")
        #expect(!result.output.contains("Unknown flag"), "\(result.output)")
    }

    @Test func unknownFlagInAFlagFileIsNamed() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hk-xla-flags-\(UInt32.random(in: 0...UInt32.max))").path
        try "--xla_no_such_flag\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try HKCProcess.run(["doctor"], environment: ["XLA_FLAGS": path])
        #expect(!result.crashed, "\(result.output)")
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("XLA_FLAGS sets --xla_no_such_flag"), "\(result.output)")
    }

    /// `hkc compile --emit hlo` adds its dump flags to the user's instead of
    /// replacing them: a user's flag file is still read (its unknown flag is
    /// still named) and a user's valid flags still let it print the HLO.
    @Test func emittingHLOKeepsTheUsersFlags() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hk-xla-flags-\(UInt32.random(in: 0...UInt32.max))").path
        try "--xla_no_such_flag\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let rejected = try HKCProcess.run(["compile", "--emit", "hlo"], environment: ["XLA_FLAGS": path])
        #expect(rejected.status == 1, "\(rejected.output)")
        #expect(rejected.output.contains("XLA_FLAGS sets --xla_no_such_flag"), "\(rejected.output)")
        let printed = try HKCProcess.run(["compile", "--emit", "hlo"],
                                         environment: ["XLA_FLAGS": "--xla_cpu_enable_fast_math=false"])
        #expect(printed.status == 0, "\(printed.output)")
        #expect(printed.output.contains("HloModule"), "\(printed.output)")
    }
}

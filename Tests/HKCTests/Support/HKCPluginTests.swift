import Foundation
import Testing

/// Without a usable plugin every command that needs one says so the same
/// way (naming `Scripts/bootstrap`) and exits with 1, instead of crashing.
@Suite struct HKCPluginTests {
    static let commands: [[String]] = [
        ["train", "--limit", "100", "--epochs", "1"], ["summary"], ["summary", "lstm"], ["bench", "mlp", "--steps", "10"],
        ["bench", "lstm", "--steps", "10", "--length", "2"],
        ["bench", "eager", "--operations", "10"], ["bench", "trace", "--steps", "2", "--repetitions", "1"],
        ["bench", "ops", "--steps", "5"], ["bench", "jit", "--iterations", "100"], ["compile"], ["compile", "--emit", "hlo"],
    ]

    @Test(arguments: commands)
    func missingPluginIsOneMessage(arguments: [String]) throws {
        let result = try HKCProcess.run(arguments, environment: ["HK_PJRT_PLUGIN": "/nonexistent"])
        #expect(!result.crashed, "\(result.output)")
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("No PJRT plugin found"), "\(result.output)")
        #expect(result.output.contains("Scripts/bootstrap"), "\(result.output)")
    }

    /// A shared library that is not a PJRT plugin (zlib, which the package links).
    static let notAPlugin = ["/lib/x86_64-linux-gnu/libz.so.1", "/lib/aarch64-linux-gnu/libz.so.1", "/usr/lib/libz.so.1"]
        .first { FileManager.default.fileExists(atPath: $0) }

    @Test(.enabled(if: notAPlugin != nil, "no libz.so.1 found"), arguments: commands)
    func libraryThatIsNotAPluginIsOneMessage(arguments: [String]) throws {
        let result = try HKCProcess.run(arguments, environment: ["HK_PJRT_PLUGIN": Self.notAPlugin!])
        #expect(!result.crashed, "\(result.output)")
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("No PJRT plugin found"), "\(result.output)")
        #expect(result.output.contains("Scripts/bootstrap"), "\(result.output)")
    }
}

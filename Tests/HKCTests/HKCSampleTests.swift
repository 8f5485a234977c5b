import Foundation
import Testing

/// `hkc sample` in a child process: its options are checked before any
/// work, and a file that is not a checkpoint is a clear error. (Sampling
/// from a trained checkpoint: ``HKCTrainTextTests``.)
@Suite struct HKCSampleTests {
    @Test(arguments: [
        (["sample", "shakespeare", "--checkpoint", "/nonexistent/c.safetensors"], "--checkpoint: no checkpoint at"),
        (["sample", "shakespeare", "--temperature=-1"], "--temperature must be between 0 and 100"),
        (["sample", "shakespeare", "--temperature", "inf"], "--temperature must be between 0 and 100"),
        (["sample", "shakespeare", "--length=-5"], "--length must be between 0 and 100000"),
        (["sample", "shakespeare", "--prompt", ""], "--prompt must hold at least one character"),
        (["sample", "mnist"], "The value 'mnist' is invalid for '<dataset>'"),
    ])
    func badOptionIsAUsageError(arguments: [String], message: String) throws {
        let result = try HKCProcess.run(arguments)
        #expect(!result.crashed, "\(result.output)")
        #expect(result.status == 64, "\(result.output)")
        #expect(result.output.contains("Error: \(message)"), "\(result.output)")
    }

    @Test func aFileThatIsNotACheckpointIsAnError() throws {
        let root = try textCache("to be or not to be. ")
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.path + "/not-a-checkpoint.safetensors"
        try Data("hello".utf8).write(to: URL(fileURLWithPath: path))
        let result = try HKCProcess.run(["sample", "shakespeare", "--checkpoint", path, "--prompt", "to"],
                                        environment: ["HK_CACHE_DIR": root.path])
        #expect(!result.crashed, "\(result.output)")
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("Error: "), "\(result.output)")
    }
}

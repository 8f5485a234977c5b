import Foundation
import Testing

/// `hkc sample` on a file that is not a checkpoint: a clear error, not a
/// crash. (Its usage errors: ``HKCValidationTests``; sampling from a
/// trained checkpoint: ``HKCTrainTextTests``.)
@Suite struct HKCSampleTests {
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

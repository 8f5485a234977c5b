import Foundation
import Testing

/// `hkc train shakespeare` in a child process: its options are checked
/// before any work, a missing text names `Scripts/fetch-data`, and a short
/// run on a tiny repeating text (put where the Shakespeare text goes, so
/// no download is needed) reports falling losses and prints a sample.
@Suite struct HKCTrainTextTests {
    @Test(arguments: [
        (["train", "shakespeare", "--hidden", "0"], "--hidden"),
        (["train", "shakespeare", "--length", "0"], "--length"),
        (["train", "shakespeare", "--sample=-1"], "--sample"),
        (["train", "shakespeare", "--temperature=-1"], "--temperature"),
        (["train", "shakespeare", "--temperature", "nan"], "--temperature"),
        (["train", "shakespeare", "--model", "cnn"], "--model"),
        (["train", "shakespeare", "--learning-rate", "0"], "--learning-rate"),
        (["train", "mnist", "--learning-rate", "nan"], "--learning-rate"),
        (["train", "mnist", "--hidden", "64"], "--hidden"),
        (["train", "fashion-mnist", "--temperature", "0"], "--temperature"),
    ])
    func badTextOptionIsAUsageError(arguments: [String], option: String) throws {
        let result = try HKCProcess.run(arguments)
        #expect(!result.crashed, "\(result.output)")
        #expect(result.status == 64, "\(result.output)")
        #expect(result.output.contains("Error: \(option)"), "\(result.output)")
    }

    /// A cache directory whose Shakespeare text is `text` (none when nil),
    /// its `plugins` linked to this user's cache (where hkc finds the plugin).
    func cache(text: String?) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hkc-text-\(UUID().uuidString)")
        let directory = root.appendingPathComponent("data/shakespeare")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let environment = ProcessInfo.processInfo.environment
        let userCache = environment["HK_CACHE_DIR"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["XDG_CACHE_HOME"].map { $0 + "/haiku-swift" }
            ?? NSHomeDirectory() + "/.cache/haiku-swift"
        try FileManager.default.createSymbolicLink(atPath: root.path + "/plugins", withDestinationPath: userCache + "/plugins")
        if let text { try Data(text.utf8).write(to: directory.appendingPathComponent("shakespeare.txt")) }
        return root
    }

    @Test func missingTextNamesFetchData() throws {
        let root = try cache(text: nil)
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try HKCProcess.run(["train", "shakespeare"], environment: ["HK_CACHE_DIR": root.path])
        #expect(!result.crashed, "\(result.output)")
        #expect(result.status != 0)
        #expect(result.output.contains("shakespeare.txt is missing; run Scripts/fetch-data"), "\(result.output)")
    }

    @Test func shortRunLearnsAndSamples() throws {
        let root = try cache(text: String(repeating: "to be or not to be, that is the question. ", count: 60))
        defer { try? FileManager.default.removeItem(at: root) }
        let files = root.path
        let result = try HKCProcess.run(
            ["train", "shakespeare", "--hidden", "48", "--length", "16", "--batch", "8", "--epochs", "5", "--learning-rate", "0.01",
             "--sample", "30", "--temperature", "0", "--checkpoint", files + "/c.safetensors", "--curve", files + "/c.svg"],
            environment: ["HK_CACHE_DIR": files])
        #expect(!result.crashed, "\(result.output)")
        #expect(result.status == 0, "\(result.output)")
        // 15 distinct characters; 141 training windows of 16, 17 steps per epoch.
        #expect(result.output.contains("15 distinct characters, 141 training windows of 16 (15 for validation), 17 steps per epoch"),
                "\(result.output)")
        let losses = result.output.split(separator: "\n").filter { $0.hasPrefix("step ") }.compactMap { line in
            line.split(separator: " ").firstIndex(of: "validation").map { Double(line.split(separator: " ")[$0 + 2]) ?? .nan }
        }
        #expect(losses.count == 5, "\(result.output)")
        #expect((losses.last ?? .nan) < 0.25 * log(15), "validation losses \(losses)")
        #expect(result.output.contains("sample (greedy)"), "\(result.output)")
        #expect(FileManager.default.fileExists(atPath: files + "/c.svg"))
        #expect(FileManager.default.fileExists(atPath: files + "/c.safetensors"))
    }
}

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
        (["train", "mnist", "--model", "transformer"], "--model"),
        (["train", "shakespeare", "--hidden", "64"], "--hidden"),
        (["train", "shakespeare", "--model", "lstm", "--heads", "2"], "--heads"),
        (["train", "shakespeare", "--heads", "0"], "--heads"),
        (["train", "shakespeare", "--layers", "0"], "--layers"),
        (["train", "mnist", "--model-size", "64"], "--model-size"),
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

    @Test func missingTextNamesFetchData() throws {
        let root = try textCache(nil)
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try HKCProcess.run(["train", "shakespeare"], environment: ["HK_CACHE_DIR": root.path])
        #expect(!result.crashed, "\(result.output)")
        #expect(result.status != 0)
        #expect(result.output.contains("shakespeare.txt is missing; run Scripts/fetch-data"), "\(result.output)")
    }

    /// Each epoch's last batch (4 of 140 windows) is padded to 8, so the
    /// step compiles once; with `--no-bucketing` it compiles again for 4.
    @Test(arguments: [true, false])
    func theLastBatchIsBucketed(bucketing: Bool) throws {
        let root = try textCache(String(repeating: "to be or not to be, that is the question. ", count: 60))
        defer { try? FileManager.default.removeItem(at: root) }
        let files = root.path
        let result = try HKCProcess.run(
            ["train", "shakespeare", "--model", "lstm", "--hidden", "8", "--length", "16", "--batch", "8", "--sample", "0",
             "--checkpoint", files + "/c.safetensors", "--curve", files + "/c.svg"] + (bucketing ? [] : ["--no-bucketing"]),
            environment: ["HK_CACHE_DIR": files, "HK_LOG_COMPILES": "1", "HK_COMPILE_CACHE_DIR": "off"])
        #expect(result.status == 0 && !result.crashed, "\(result.output)")
        let stepCompiles = result.output.split(separator: "\n").filter { $0.hasPrefix("compile Training/TrainingStateCarrier.swift:") }
            .filter { $0.contains("tensor<8x16xi32> -> tensor<4x16xi32>") }
        #expect(result.output.contains("compile Training/TrainingStateCarrier.swift:"), "HK_LOG_COMPILES reports: \(result.output)")
        #expect(stepCompiles.count == (bucketing ? 0 : 1), "\(result.output)")
        #expect(result.output.contains("18 steps per epoch"), "\(result.output)")
    }

    /// `--devices 2`: the windows split over 2 CPU devices of the process;
    /// each epoch's last, smaller batch (4 of 140 windows) is left out.
    @Test func twoDevicesTrainLeavingTheLastBatchOut() throws {
        let root = try textCache(String(repeating: "to be or not to be, that is the question. ", count: 60))
        defer { try? FileManager.default.removeItem(at: root) }
        let files = root.path
        let result = try HKCProcess.run(
            ["train", "shakespeare", "--model", "lstm", "--hidden", "8", "--length", "16", "--batch", "8", "--sample", "0",
             "--devices", "2", "--checkpoint", files + "/c.safetensors", "--curve", files + "/c.svg"],
            environment: ["HK_CACHE_DIR": files])
        #expect(result.status == 0 && !result.crashed, "\(result.output)")
        #expect(result.output.contains("17 steps per epoch, from step 0, data-parallel over 2 CPU devices"), "\(result.output)")
        #expect(result.output.contains("step 17: train loss"), "\(result.output)")
    }

    @Test func shortRunLearnsAndSamples() throws {
        let root = try textCache(String(repeating: "to be or not to be, that is the question. ", count: 60))
        defer { try? FileManager.default.removeItem(at: root) }
        let files = root.path
        let result = try HKCProcess.run(
            ["train", "shakespeare", "--model", "lstm", "--hidden", "48", "--length", "16", "--batch", "8", "--epochs", "5", "--learning-rate", "0.01",
             "--sample", "30", "--temperature", "0", "--checkpoint", files + "/c.safetensors", "--curve", files + "/c.svg"],
            environment: ["HK_CACHE_DIR": files])
        #expect(!result.crashed, "\(result.output)")
        #expect(result.status == 0, "\(result.output)")
        // 15 distinct characters; 2,268 training characters hold 140 windows of 16 at every offset in 0..<16:
        // 17 batches of 8 and a padded one of 4 per epoch.
        #expect(result.output.contains(
            "15 distinct characters, 140 training windows of 16 at a random offset each epoch (15 fixed ones for validation), 18 steps per epoch"),
                "\(result.output)")
        let losses = result.output.split(separator: "\n").filter { $0.hasPrefix("step ") }.compactMap { line in
            line.split(separator: " ").firstIndex(of: "validation").map { Double(line.split(separator: " ")[$0 + 2]) ?? .nan }
        }
        #expect(losses.count == 5, "\(result.output)")
        #expect((losses.last ?? .nan) < 0.25 * log(15), "validation losses \(losses)")
        #expect(result.output.contains("sample (greedy)"), "\(result.output)")
        #expect(FileManager.default.fileExists(atPath: files + "/c.svg"))
        #expect(FileManager.default.fileExists(atPath: files + "/c.safetensors"))

        // `hkc sample` continues a prompt from the checkpoint: greedily, the
        // text; with a temperature, the same characters for the same seed.
        let sample = { (arguments: [String]) in
            try HKCProcess.run(["sample", "shakespeare", "--checkpoint", files + "/c.safetensors"] + arguments,
                               environment: ["HK_CACHE_DIR": files])
        }
        let greedy = try sample(["--prompt", "to be or not", "--length", "20", "--temperature", "0"])
        #expect(greedy.status == 0, "\(greedy.output)")
        // The text is the output's last line (the plugin logs to stderr before it).
        let text = { (output: String) in output.split(separator: "\n").last.map(String.init) ?? "" }
        let line = text(greedy.output)
        let expected = "to be or not to be, that is the"
        #expect(zip(line, expected).filter { $0 == $1 }.count >= 28, "\(greedy.output)")
        let drawn = try sample(["--prompt", "to", "--length", "40", "--seed", "3"])
        #expect(drawn.status == 0, "\(drawn.output)")
        #expect(text(try sample(["--prompt", "to", "--length", "40", "--seed", "3"]).output) == text(drawn.output))
        #expect(text(drawn.output).count == 42, "\(drawn.output)")
        let unknown = try sample(["--prompt", "ROMEO:"])
        #expect(unknown.status == 64 && unknown.output.contains("Error: --prompt: invalid argument: byte 82 (\"R\") at position 0 is not one of the vocabulary's 15 characters"), "\(unknown.output)")

        // Another text has another vocabulary: the checkpoint's read-out does not fit it.
        let other = try textCache(String(repeating: "abcdefgh ", count: 40))
        defer { try? FileManager.default.removeItem(at: other) }
        let mismatched = try HKCProcess.run(["sample", "shakespeare", "--checkpoint", files + "/c.safetensors", "--prompt", "a"],
                                            environment: ["HK_CACHE_DIR": other.path])
        #expect(!mismatched.crashed, "\(mismatched.output)")
        #expect(mismatched.status == 1, "\(mismatched.output)")
        #expect(mismatched.output.contains("its parameters differ from the model's"), "\(mismatched.output)")
    }

    /// The default model is the Transformer; its checkpoint records it, so
    /// `hkc sample` rebuilds it (a short prompt, read from the window's start).
    @Test func transformerRunSamplesFromItsCheckpoint() throws {
        let root = try textCache(String(repeating: "to be or not to be, that is the question. ", count: 60))
        defer { try? FileManager.default.removeItem(at: root) }
        let files = root.path
        let result = try HKCProcess.run(
            ["train", "shakespeare", "--layers", "1", "--model-size", "16", "--heads", "2", "--length", "16", "--batch", "8",
             "--epochs", "3", "--learning-rate", "0.003", "--sample", "0", "--checkpoint", files + "/t.safetensors",
             "--curve", files + "/t.svg"],
            environment: ["HK_CACHE_DIR": files])
        #expect(!result.crashed, "\(result.output)")
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("shakespeare, character transformer 1 layers 16 wide 2 heads: 15 distinct characters"),
                "\(result.output)")
        let sampled = try HKCProcess.run(["sample", "shakespeare", "--checkpoint", files + "/t.safetensors", "--prompt", "to",
                                          "--length", "30"], environment: ["HK_CACHE_DIR": files])
        #expect(sampled.status == 0, "\(sampled.output)")
        let line = sampled.output.split(separator: "\n").last.map(String.init) ?? ""
        #expect(line.hasPrefix("to") && line.count == 32, "\(sampled.output)")
    }
}

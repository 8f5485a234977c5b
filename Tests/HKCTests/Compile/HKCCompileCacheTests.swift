import Foundation
import Synchronization
import Testing

/// The disk compile cache across processes, and `hkc compile --explain`'s
/// and `HK_LOG_COMPILES=1`'s reports of each compile.
@Suite struct HKCCompileCacheTests {
    private func scratchDirectory() -> String {
        NSTemporaryDirectory() + "hk-hkc-compile-cache-" + UUID().uuidString
    }

    /// Two processes started together into an empty cache compile (and
    /// write the same entry, each atomically); a third loads it from disk.
    @Test func aLaterProcessLoadsWhatEarlierOnesCompiled() throws {
        let directory = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let environment = ["HK_COMPILE_CACHE_DIR": directory, "HK_COMPILE_CACHE_MIN_SECONDS": "0"]
        let first = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            let output = (try? HKCProcess.run(["compile", "rnn", "--explain"], environment: environment))
                .map { $0.status == 0 ? $0.output : "failed: \($0.output)" } ?? "did not run"
            first.withLock { $0.append(output) }
        }
        // Usually both compile; one that starts after the other wrote the entry loads it.
        let outputs = first.withLock { $0 }
        for output in outputs {
            #expect(output.contains("compile hkc/Examples.swift:"), "\(output)")
            #expect(output.contains(": new function; trace "), "\(output)")
            #expect(output.contains("(compiled)") || output.contains("(disk cache)"), "\(output)")
        }
        #expect(outputs.contains { $0.contains("1 compiles: 1 compiled by XLA, 0 loaded from the disk cache (\(directory))") },
                "\(outputs)")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(names.count == 2 && names.allSatisfy { $0.hasSuffix(".xla") }, "the executable and its lowering: \(names)")

        let later = try HKCProcess.run(["compile", "rnn", "--explain"], environment: environment)
        #expect(later.status == 0, "\(later.output)")
        #expect(later.output.contains("(disk cache)"), "\(later.output)")
        #expect(later.output.contains("1 compiles: 0 compiled by XLA, 1 loaded from the disk cache"), "\(later.output)")
        #expect(later.output.contains(" ms (reused), compile "), "the lowering comes from the disk too: \(later.output)")
    }

    @Test func offDisablesTheCacheAndLogCompilesPrintsEachCompile() throws {
        let result = try HKCProcess.run(["compile", "mlp", "--explain"],
                                        environment: ["HK_COMPILE_CACHE_DIR": "off", "HK_LOG_COMPILES": "1"])
        #expect(result.status == 0, "\(result.output)")
        let reports = result.output.split(separator: "\n").filter { $0.hasPrefix("compile hkc/Examples.swift:") }
        #expect(reports.count == 2, "once by --explain, once by HK_LOG_COMPILES: \(result.output)")
        #expect(result.output.contains("1 compiles: 1 compiled by XLA, 0 loaded from the disk cache (off)"), "\(result.output)")
    }

    /// Checked before any plugin is looked for, so the message names the
    /// variable instead of blaming the plugin.
    @Test(arguments: ["abc", "-1", "nan", "inf"])
    func aBadMinimumCompileTimeIsNamed(setting: String) throws {
        let result = try HKCProcess.run(["compile", "mlp", "--explain"], environment: ["HK_COMPILE_CACHE_MIN_SECONDS": setting])
        #expect(!result.crashed, "\(result.output)")
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("HK_COMPILE_CACHE_MIN_SECONDS must be a number of seconds at least 0 (such as 0.5), not '\(setting)'"),
                "\(result.output)")
        #expect(!result.output.contains("No PJRT plugin found"), "\(result.output)")
    }

    @Test func explainTakesNoEmit() throws {
        let result = try HKCProcess.run(["compile", "mlp", "--explain", "--emit", "ir"])
        #expect(!result.crashed, "\(result.output)")
        #expect(result.status == 64, "\(result.output)")
        #expect(result.output.contains("--explain runs the example and prints its compiles; it does not take --emit ir"),
                "\(result.output)")
    }
}

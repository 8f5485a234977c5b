import Testing

/// `hkc`'s command line: its commands and their help, `--plugin` on every
/// command that runs XLA, and `doctor` without a plugin (exit 1, naming the
/// fix). Usage errors are `HKCValidationTests`'.
@Suite struct HKCCommandTests {
    @Test func helpListsEveryCommand() throws {
        let result = try HKCProcess.run(["--help"])
        #expect(result.status == 0, "\(result.output)")
        for command in ["doctor", "compile", "bench", "summary", "train", "sample"] {
            #expect(result.output.contains("  \(command) "), "\(command) in \(result.output)")
        }
    }

    @Test func benchHelpListsEveryBenchmark() throws {
        let result = try HKCProcess.run(["bench", "--help"])
        #expect(result.status == 0, "\(result.output)")
        for benchmark in ["mlp", "cnn", "lstm", "transformer", "mobilenet", "resnet18", "resnet50", "vqvae",
                          "ops", "dispatch", "jit", "eager", "trace"] {
            #expect(result.output.contains("  \(benchmark) "), "\(benchmark) in \(result.output)")
        }
    }

    /// The help names the examples as the error does (a choice of
    /// `Example`'s cases, not a string checked later).
    @Test func compileHelpListsTheExamples() throws {
        let result = try HKCProcess.run(["compile", "--help"])
        #expect(result.status == 0, "\(result.output)")
        let words = result.output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("(values: mlp, rnn, cnn, mobilenet, resnet18, resnet50, lstm, transformer; default: mlp)"), "\(result.output)")
    }

    /// Every command that runs XLA takes `--plugin`, which wins over
    /// `HK_PJRT_PLUGIN`; a plugin that is not there is one message and exit 1.
    @Test(arguments: HKCPluginTests.commands + [["sample", "shakespeare", "--checkpoint", "/proc/self/exe"]])
    func pluginOptionChoosesThePlugin(arguments: [String]) throws {
        let missing = "/nonexistent-hk/plugin.so"
        let result = try HKCProcess.run(arguments + ["--plugin", missing], environment: ["HK_PJRT_PLUGIN": "cpu"])
        #expect(!result.crashed, "\(result.output)")
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("No PJRT plugin found for '\(missing)'"), "\(result.output)")
    }

    /// `doctor` without a plugin says what is wrong and where the cache is,
    /// and exits with 1; from `--plugin` and from `HK_PJRT_PLUGIN` alike.
    @Test(arguments: [(["doctor", "--plugin", "/nonexistent-hk/plugin.so"], [String: String]()),
                      (["doctor"], ["HK_PJRT_PLUGIN": "/nonexistent-hk/plugin.so"])])
    func doctorWithoutAPlugin(arguments: [String], environment: [String: String]) throws {
        let result = try HKCProcess.run(arguments, environment: environment)
        #expect(!result.crashed, "\(result.output)")
        #expect(result.status == 1, "\(result.output)")
        let lines = result.output.split(separator: "\n")
        #expect(lines.first?.hasPrefix("error       No PJRT plugin found for '/nonexistent-hk/plugin.so'") == true, "\(result.output)")
        #expect(result.output.contains("\ncache       /"), "\(result.output)")
        #expect(!result.output.contains("self-test"), "\(result.output)")
    }

    @Test func doctorWithThePlugin() throws {
        let result = try HKCProcess.run(["doctor", "--plugin", "cpu"])
        #expect(result.status == 0, "\(result.output)")
        // The plugin's own log lines (on standard error) may come first.
        #expect(result.output.split(separator: "\n").contains { $0.hasPrefix("plugin      /") }, "\(result.output)")
        #expect(result.output.contains("\nplatform    cpu"), "\(result.output)")
        #expect(result.output.contains(": ok, compiled in "), "\(result.output)")
    }
}

import Foundation
import Testing

/// `hkc dot`: the DOT text of a model's `apply` (its graph structure is
/// tested against Haiku's in HaikuTests' `ToDotTests`), and `--svg`, which
/// pipes it to Graphviz's `dot` from PATH or says clearly that it is missing.
@Suite struct HKCDotTests {
    @Test func printsTheGraphOfTheModel() throws {
        let result = try HKCProcess.run(["dot", "mlp", "--batch", "2"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("digraph G {\nrankdir = TD;"), "\(result.output)")
        for line in ["label = <<b>mlp</b>>;", "  label = <<b>mlp/~/linear_0</b>>;", "<b>dot_general</b><br/>f32[2,300]",
                     "<b>args[0]: mlp/~/linear_0/w</b><br/>f32[784,300]", "<b>args[1]</b><br/>f32[2,784]",
                     "} // digraph G"] {
            #expect(result.output.contains(line), "\(line)")
        }
    }

    /// A batch out of range and an empty --svg are usage errors (exit 64).
    @Test(arguments: [["dot", "mlp", "--batch", "0"], ["dot", "mlp", "--svg", ""]])
    func badArgumentsAreUsageErrors(arguments: [String]) throws {
        let result = try HKCProcess.run(arguments)
        #expect(result.status == 64, "\(result.output)")
        #expect(result.output.contains("batch") || result.output.contains("--svg needs a file name"), "\(result.output)")
    }

    @Test func missingGraphvizIsAClearError() throws {
        let result = try HKCProcess.run(["dot", "mlp", "--svg", "/tmp/never-written.svg"],
                                        environment: ["PATH": "/nonexistent-hkc-test-dir"])
        #expect(result.status != 0)
        #expect(result.output.contains("Graphviz's `dot` is not on PATH"), "\(result.output)")
        #expect(result.output.contains("apt-get install graphviz"), "\(result.output)")
    }

    /// A stand-in `dot` that copies its standard input to the `-o` file
    /// receives the DOT text; one that fails makes hkc fail, naming it.
    @Test func svgGoesThroughDotOnPath() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hkc-dot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let program = directory.appendingPathComponent("dot")
        let output = directory.appendingPathComponent("mlp.svg")
        let path = directory.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "")

        try "#!/bin/sh\n[ \"$1\" = -Tsvg ] && [ \"$2\" = -o ] && cat > \"$3\"\n".write(to: program, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: program.path)
        let result = try HKCProcess.run(["dot", "mlp", "--batch", "2", "--svg", output.path], environment: ["PATH": path])
        #expect(result.status == 0, "\(result.output)")
        let written = try String(contentsOf: output, encoding: .utf8)
        #expect(written.hasPrefix("digraph G {") && written.hasSuffix("} // digraph G\n"))

        try "#!/bin/sh\nexit 3\n".write(to: program, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: program.path)
        let failed = try HKCProcess.run(["dot", "mlp", "--svg", output.path], environment: ["PATH": path])
        #expect(failed.status != 0)
        #expect(failed.output.contains("failed (exit status 3)"), "\(failed.output)")
    }
}

import Foundation
import ProcessSupport
import Testing

/// `Scripts/gpu-check` where there is no GPU: its arguments, and a clean
/// message with exit status 1 for each missing piece (hkc, Python, CUDA
/// plugin) and for a CUDA plugin that cannot load, found through a Python's
/// site-packages as on a GPU machine, with this build's `hkc`.
@Suite struct GPUCheckScriptTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Scripts/gpu-check").path

    static func run(_ arguments: [String]) throws -> BuiltExecutable.Result {
        try BuiltExecutable.run(URL(fileURLWithPath: "/bin/bash"), [script] + arguments)
    }

    @Test(arguments: [(["--rounds", "0"], "--rounds needs a positive whole number"),
                      (["--steps"], "--steps needs a value"),
                      (["--frobnicate"], "unknown option --frobnicate"),
                      (["resnet19"], "unknown model 'resnet19'")])
    func badArgumentsExitWithTwo(arguments: [String], message: String) throws {
        let result = try Self.run(arguments)
        #expect(result.status == 2, "\(result.output)")
        #expect(result.output.contains(message) && result.output.contains("usage:"), "\(result.output)")
    }

    @Test func helpDescribesBothSteps() throws {
        let result = try Self.run(["--help"])
        #expect(result.status == 0)
        #expect(result.output.contains("--prepare") && result.output.contains("mlp cnn resnet18"), "\(result.output)")
    }

    @Test func missingHKCOrPython() throws {
        let noHKC = try Self.run(["--hkc", "/nonexistent-hk/hkc"])
        #expect(noHKC.status == 1 && noHKC.output.contains("no hkc at /nonexistent-hk/hkc"), "\(noHKC.output)")
        let hkc = BuiltExecutable("hkc").url.path
        let noPython = try Self.run(["--hkc", hkc, "--python", "/nonexistent-hk/python3"])
        #expect(noPython.status == 1 && noPython.output.contains("no Python '/nonexistent-hk/python3'"),
                "\(noPython.output)")
    }

    /// A Python whose site-packages hold `site` (a directory of packages).
    static func python(with site: URL, in directory: URL) throws -> String {
        let path = directory.appendingPathComponent("python").path
        try "#!/bin/sh\nPYTHONPATH='\(site.path)' exec python3 \"$@\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    @Test func aPythonWithoutTheCUDAPlugin() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gpu-check-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let python = try Self.python(with: directory, in: directory)
        let result = try Self.run(["--hkc", BuiltExecutable("hkc").url.path, "--python", python])
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("no CUDA PJRT plugin in the site-packages of '\(python)'"), "\(result.output)")
    }

    /// The plugin is found where JAX's CUDA 13 wheel puts it, and the
    /// script stops at `hkc doctor`, which names the CUDA platform.
    @Test func aCUDAPluginThatCannotLoad() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gpu-check-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let package = directory.appendingPathComponent("site/jax_plugins/xla_cuda13")
        try FileManager.default.createDirectory(at: package, withIntermediateDirectories: true)
        let plugin = package.appendingPathComponent("xla_cuda_plugin.so")
        try Data("not a shared library".utf8).write(to: plugin)
        let python = try Self.python(with: directory.appendingPathComponent("site"), in: directory)
        let result = try Self.run(["--hkc", BuiltExecutable("hkc").url.path, "--python", python, "--timeout", "60"])
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("plugin: \(plugin.path)"), "\(result.output)")
        #expect(result.output.contains("cuda"), "doctor names the platform: \(result.output)")
        #expect(result.output.contains("hkc doctor failed on the \(plugin.path) plugin"), "\(result.output)")
    }
}

import Foundation
@testable import Checkpoints
import Testing
import XLATensor

/// Compressed `.npz` archives between Swift and NumPy itself, both ways, at
/// test time: `np.load` reads what `saveNPZ(compressed: true)` wrote to the
/// same dtypes, shapes and bytes, and `NumPy.loadNPZ` reads what
/// `np.savez_compressed` wrote. (The committed `haiku_mlp_compressed.npz`
/// fixture checks the second way where no NumPy is installed.)
@Suite(.enabled(if: NumPyPython.command != nil, "no Python with NumPy (HK_JAX_VENV, the jax venv, python3)"))
struct NumPyInteropTests {
    /// Prints each array of the archive `sys.argv[1]` as ``digest(_:)`` does,
    /// after checking that every entry is deflated.
    static let printArchive = """
        import sys, zipfile, numpy as np
        assert {i.compress_type for i in zipfile.ZipFile(sys.argv[1]).infolist()} == {zipfile.ZIP_DEFLATED}
        with np.load(sys.argv[1]) as archive:
            for name in sorted(archive.files):
                a = archive[name]
                a = a.astype(a.dtype.newbyteorder('<'))
                print(name, a.dtype.str, list(a.shape), a.tobytes().hex())
        """

    /// One line per array, by name: its NumPy dtype, its shape as a Python
    /// list and its little-endian bytes in hex.
    static func digest(_ arrays: [String: Tensor]) throws -> String {
        try arrays.keys.sorted().map { name in
            let tensor = arrays[name]!
            let hex = try tensor.bytes().map { String(format: "%02x", $0) }.joined()
            return "\(name) \(DTypeNames.numpy(tensor.dtype) ?? "?") \(tensor.shape) \(hex)"
        }.joined(separator: "\n") + "\n"
    }

    @Test func numpyReadsSwiftsCompressedArchive() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var arrays = TensorBytesTests.everyDType()
        arrays["bfloat16"] = nil
        arrays["ramp"] = Tensor(Array(0..<4096).map { Float($0 % 97) / 7 }, shape: [64, 64])
        let path = directory.file("swift.npz")
        try NumPy.saveNPZ(arrays, to: path, compressed: true)
        #expect(try NumPyPython.run(Self.printArchive, path) == Self.digest(arrays))
    }

    @Test func swiftReadsNumPysCompressedArchive() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("numpy.npz")
        let written = try NumPyPython.run("""
            import sys, numpy as np
            np.savez_compressed(sys.argv[1],
                ramp=np.arange(5000, dtype=np.float32).reshape(50, 100) / 3,
                big_endian=np.array([1.5, -2, 3e30], dtype='>f4'),
                int64=np.array([[-2**63, 2**63 - 1]], dtype=np.int64),
                uint16=np.array([0, 65535], dtype=np.uint16),
                half=np.array([0.1, -65504], dtype=np.float16),
                flags=np.array([True, False]),
                scalar=np.float64(np.pi),
                empty=np.zeros((0, 3), dtype=np.int8))
            """ + "\n" + Self.printArchive, path)
        #expect(try Self.digest(NumPy.loadNPZ(from: path)) == written)
        #expect(written.split(separator: "\n").count == 8)
    }
}

/// A Python with NumPy, run in a child process.
enum NumPyPython {
    /// The first of `$HK_JAX_VENV`'s python, the jax venv's and `python3`
    /// on `PATH` that imports NumPy; nil when none does.
    static let command: [String]? = {
        let home = FileManager.default.homeDirectoryForCurrentUser.path
        let venv = ProcessInfo.processInfo.environment["HK_JAX_VENV"] ?? home + "/.cache/haiku-swift/jax-venv"
        let candidates = [[venv + "/bin/python"], [home + "/.cache/haiku-swift/fixtures-venv/bin/python"], ["/usr/bin/env", "python3"]]
        return candidates.first { (try? output(of: $0 + ["-c", "import numpy"])) != nil }
    }()

    /// What `script` printed when run with `arguments`.
    static func run(_ script: String, _ arguments: String...) throws -> String {
        guard let command else { throw CocoaError(.executableNotLoadable) }
        return try output(of: command + ["-c", script] + arguments)
    }

    /// The standard output of `argv`; throws when it cannot start or exits with a failure.
    private static func output(of argv: [String]) throws -> String {
        guard FileManager.default.isExecutableFile(atPath: argv[0]) else { throw CocoaError(.fileNoSuchFile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: argv[0])
        process.arguments = Array(argv.dropFirst())
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
        return String(decoding: data, as: UTF8.self)
    }
}

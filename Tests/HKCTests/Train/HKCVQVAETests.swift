import Foundation
import Testing

/// `hkc summary vqvae`, `hkc bench vqvae` and `hkc train mnist --model
/// vqvae` (a short run on 200 MNIST images, which Scripts/test fetches).
@Suite struct HKCVQVAETests {
    @Test func summaryTabulatesTheNetworkWithHaikusNames() throws {
        let result = try HKCProcess.run(["summary", "vqvae", "--batch", "1"])
        #expect(!result.crashed, "\(result.output)")
        #expect(result.status == 0, "\(result.output)")
        for expected in ["encoder/residual_stack/res3x3_0", "vector_quantizer_ema (VectorQuantizerEMA)",
                         "decoder/dec_3", "f32[4,4,1,16]", "f32[1,28,28,1]"] {
            #expect(result.output.contains(expected), "\(expected) missing from \(result.output)")
        }
    }

    @Test func benchmarkReportsATrainingStep() throws {
        let result = try HKCProcess.run(["bench", "vqvae", "--batch", "2", "--steps", "10", "--json"])
        #expect(!result.crashed, "\(result.output)")
        #expect(result.status == 0, "\(result.output)")
        let line = try #require(result.output.split(separator: "\n").last { $0.hasPrefix("{") })
        let fields = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(fields["model"] as? String == "vqvae")
        let median = try #require(fields["median_ms"] as? Double)
        #expect(median > 0 && median.isFinite)
    }

    @Test(arguments: [
        (["train", "mnist", "--grid", "/tmp/x.png"], "--grid"),
        (["train", "mnist", "--model", "vqvae", "--resume"], "--resume"),
        (["train", "mnist", "--model", "vqvae", "--grid", "/nonexistent-dir/x.png"], "--grid"),
    ])
    func badVQVAEOptionIsAUsageError(arguments: [String], option: String) throws {
        let result = try HKCProcess.run(arguments)
        #expect(!result.crashed, "\(result.output)")
        #expect(result.status == 64, "\(result.output)")
        #expect(result.output.contains("Error: \(option)"), "\(result.output)")
    }

    /// One epoch of 4 steps writes the checkpoint, the curve and a PNG grid,
    /// on one device or data-parallel over two.
    @Test(arguments: [1, 2])
    func shortRunWritesTheReconstructionGrid(devices: Int) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hkc-vqvae-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (grid, curve, checkpoint) = (directory.appendingPathComponent("grid.png").path,
                                         directory.appendingPathComponent("curve.svg").path,
                                         directory.appendingPathComponent("run.safetensors").path)
        let result = try HKCProcess.run(["train", "mnist", "--model", "vqvae", "--limit", "200", "--batch", "50",
                                         "--epochs", "1", "--grid", grid, "--curve", curve, "--checkpoint", checkpoint,
                                         "--devices", "\(devices)"])
        #expect(!result.crashed, "\(result.output)")
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("epoch 1: test reconstruction error"), "\(result.output)")
        #expect(result.output.contains("data-parallel over 2 CPU devices") == (devices == 2), "\(result.output)")
        let png = try [UInt8](Data(contentsOf: URL(fileURLWithPath: grid)))
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        // IHDR: 8 columns of 28 + 9 gaps of 2 wide; 2 groups of 2 rows of 28 + 5 gaps of 2 high.
        #expect(Array(png[16..<24]) == [0, 0, 0, 242, 0, 0, 0, 122])
        #expect(FileManager.default.fileExists(atPath: curve) && FileManager.default.fileExists(atPath: checkpoint))
    }
}

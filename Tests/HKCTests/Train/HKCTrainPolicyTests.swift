import Foundation
import Testing

/// `hkc train --policy` and `hkc bench --policy`: a mixed-precision run of
/// the CNN, and the options' usage errors.
@Suite struct HKCTrainPolicyTests {
    @Test(arguments: [
        (["train", "mnist", "--model", "cnn", "--policy", "p=f8"], "Unknown dtype 'f8'"),
        (["train", "mnist", "--model", "cnn", "--policy", "q=f32"], "Unknown key 'q'"),
        (["train", "mnist", "--model", "vqvae", "--policy", "bf16"], "--policy is for mnist and fashion-mnist"),
        (["train", "shakespeare", "--policy", "bf16"], "--policy is for mnist and fashion-mnist"),
        (["bench", "lstm", "--policy", "bf16", "--steps", "10"], "--policy is for mlp, cnn"),
        (["bench", "cnn", "--policy", "c=bfloat"], "Unknown dtype 'bfloat'"),
    ])
    func badPolicyIsAUsageError(arguments: [String], message: String) throws {
        let result = try HKCProcess.run(arguments)
        #expect(!result.crashed, "\(result.output)")
        #expect(result.status == 64, "\(result.output)")
        #expect(result.output.contains("Error:") && result.output.contains(message), "\(result.output)")
    }

    /// One epoch of 40 steps on 2,000 MNIST examples with the CNN computing
    /// in bfloat16: the policy is reported, the test accuracy is far above
    /// chance, and the checkpoint holds float32 parameters.
    @Test func bfloat16RunLearnsAndKeepsFloat32Parameters() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hkc-policy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let checkpoint = directory.appendingPathComponent("run.safetensors").path
        let result = try HKCProcess.run(["train", "mnist", "--model", "cnn", "--policy", "p=f32,c=bf16,o=f32",
                                         "--limit", "2000", "--batch", "50", "--epochs", "1",
                                         "--checkpoint", checkpoint,
                                         "--curve", directory.appendingPathComponent("curve.svg").path])
        #expect(!result.crashed, "\(result.output)")
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("policy p=full,c=bf16,o=full on Sequential"), "\(result.output)")
        let accuracy = result.output.split(separator: "\n").first { $0.hasPrefix("epoch 1: test accuracy ") }
            .flatMap { Double($0.dropFirst("epoch 1: test accuracy ".count).prefix { $0 != "%" }) }
        #expect((accuracy ?? 0) > 70, "\(result.output)")
        let dtypes = try Self.parameterDTypes(checkpoint)
        #expect(dtypes.count == 6 && Set(dtypes.values) == ["F32"], "\(dtypes)")
    }

    /// The dtype of every parameter (`params/...`) in a checkpoint's safetensors header.
    static func parameterDTypes(_ path: String) throws -> [String: String] {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let length = bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        let header = try JSONSerialization.jsonObject(with: bytes.dropFirst(8).prefix(length)) as? [String: Any] ?? [:]
        return header.filter { $0.key.hasPrefix("params/") }.compactMapValues { ($0 as? [String: Any])?["dtype"] as? String }
    }
}

import Foundation
import NumericsSupport
@testable import Checkpoints
import Testing
import XLATensor

/// The path of `Fixtures/<name>` beside these tests (written by
/// `Scripts/fixtures/checkpoints.py`; see ``FixtureFiles``).
func fixturePath(_ name: String) -> String {
    FixtureFiles.url(name).path
}

/// The bytes of a fixture file.
func fixtureBytes(_ name: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixturePath(name))))
}

/// A tensor as the fixture script describes it: NumPy dtype name, shape
/// and raw little-endian bytes in hex.
struct FixtureArray: Decodable {
    let dtype: String
    let shape: [Int]
    let hex: String

    var elementType: ElementType { ElementType.allCases.first { $0.name == dtype }! }

    var bytes: [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
    }

    var tensor: Tensor { Tensor(bytes: bytes, dtype: elementType, shape: shape) }

    /// Expects `tensor` to hold exactly this array (dtype, shape, bytes).
    func expectEqual(_ tensor: Tensor?, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let tensor else {
            Issue.record("\(name) is missing", sourceLocation: sourceLocation)
            return
        }
        #expect(tensor.dtype == elementType, "\(name) dtype", sourceLocation: sourceLocation)
        #expect(tensor.shape == shape, "\(name) shape", sourceLocation: sourceLocation)
        #expect((try? tensor.bytes()) == bytes, "\(name) bytes", sourceLocation: sourceLocation)
    }
}

/// `dtypes.json`: every dtype's tensor and the metadata.
struct DTypesFixture: Decodable {
    let tensors: [String: FixtureArray]
    let metadata: [String: String]

    static func load() throws -> DTypesFixture {
        try JSONDecoder().decode(DTypesFixture.self, from: Data(fixtureBytes("dtypes.json")))
    }
}

/// `haiku_mlp.json`: Haiku's MLP([3, 2]) parameters, its key and step.
struct MLPFixture: Decodable {
    let params: [String: FixtureArray]
    let rng: FixtureArray
    let step: Int

    static func load() throws -> MLPFixture {
        try JSONDecoder().decode(MLPFixture.self, from: Data(fixtureBytes("haiku_mlp.json")))
    }
}

/// A fresh, empty directory for one test; removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("checkpoints-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    /// The names in the directory, sorted.
    var contents: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Runs `body` and returns the `CheckpointError` it throws, recording an
/// issue if it throws nothing or something else.
func checkpointError(sourceLocation: SourceLocation = #_sourceLocation,
                     _ body: () throws -> Void) -> CheckpointError? {
    do {
        try body()
        Issue.record("expected a CheckpointError, but nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as CheckpointError {
        return error
    } catch {
        Issue.record("expected a CheckpointError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// Whether two tensors have the same dtype, shape and bytes.
func bitEqual(_ a: Tensor?, _ b: Tensor?) -> Bool {
    guard let a, let b else { return a == nil && b == nil }
    guard a.type == b.type, let x = try? a.bytes(), let y = try? b.bytes() else { return false }
    return x == y
}

/// Whether two parameter trees hold bit-equal tensors under the same keys.
func bitEqual(_ a: SortedDictionary<String, SortedDictionary<String, Tensor>>, _ b: SortedDictionary<String, SortedDictionary<String, Tensor>>) -> Bool {
    a.keys.sorted() == b.keys.sorted() && a.allSatisfy { module, values in
        let other = b[module]!
        return values.keys.sorted() == other.keys.sorted() && values.allSatisfy { bitEqual($0.value, other[$0.key]) }
    }
}

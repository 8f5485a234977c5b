import Foundation
@testable import Checkpoints
import Testing
import XLATensor

/// The safetensors reader and writer: round trips, interop with Python's
/// `safetensors` 0.8.0 both ways, and every kind of damaged file.
@Suite struct SafeTensorsTests {
    @Test func everyDTypeRoundTripsBitExactly() throws {
        let tensors = TensorBytesTests.everyDType()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("all.safetensors")
        try SafeTensors.save(tensors, metadata: ["note": "every dtype"], to: path)
        let (loaded, metadata) = try SafeTensors.load(from: path)
        #expect(metadata == ["note": "every dtype"])
        #expect(loaded.keys.sorted() == tensors.keys.sorted())
        for (name, tensor) in tensors {
            #expect(bitEqual(loaded[name], tensor), "\(name)")
        }
        #expect(directory.contents == ["all.safetensors"])
    }

    @Test func readsPythonFile() throws {
        let fixture = try DTypesFixture.load()
        let (tensors, metadata) = try SafeTensors.load(from: fixturePath("dtypes.safetensors"))
        #expect(metadata == fixture.metadata)
        #expect(tensors.keys.sorted() == fixture.tensors.keys.sorted())
        for (name, array) in fixture.tensors {
            array.expectEqual(tensors[name], name)
        }
    }

    /// The other direction: the same tensors and metadata written from Swift
    /// give exactly the bytes of Python's `safetensors.numpy.save_file`.
    @Test func writesPythonsBytes() throws {
        let fixture = try DTypesFixture.load()
        let tensors = fixture.tensors.mapValues(\.tensor)
        let bytes = try SafeTensors.encode(tensors, metadata: fixture.metadata)
        #expect(bytes == (try fixtureBytes("dtypes.safetensors")))
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try SafeTensors.save(tensors, metadata: fixture.metadata, to: directory.file("x.safetensors"))
        #expect(try fixtureBytes("dtypes.safetensors") == [UInt8](Data(contentsOf: URL(fileURLWithPath: directory.file("x.safetensors")))))
    }

    @Test func layoutMatchesPython() throws {
        // Python's empty file: an 8-byte header "{}" padded with spaces.
        #expect(try SafeTensors.encode([:]) == [8, 0, 0, 0, 0, 0, 0, 0] + Array("{}      ".utf8))
        let bytes = try SafeTensors.encode(["b": Tensor([Float(1)], shape: [1]), "a": Tensor(bytes: [7], dtype: .uint8, shape: [])])
        let length = Int(bytes[0]) | Int(bytes[1]) << 8
        let header = String(decoding: bytes[8..<(8 + length)], as: UTF8.self)
        #expect(length % 8 == 0)
        #expect(header.hasPrefix(#"{"b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"U8","shape":[],"data_offsets":[4,5]}}"#))
        #expect(bytes.count == 8 + length + 5)
    }

    @Test func metadataIsEscapedAndRoundTrips() throws {
        let metadata = ["quote \"x\"": "back\\slash\nnew line\ttab \u{01} é 😀", "": ""]
        let bytes = try SafeTensors.encode([:], metadata: metadata)
        #expect(String(decoding: bytes, as: UTF8.self).contains(#""back\\slash\nnew line\ttab \u0001 é 😀""#))
        #expect(try SafeTensors.decode(bytes).metadata == metadata)
    }

    @Test func metadataKeyIsReserved() {
        let error = checkpointError { _ = try SafeTensors.encode(["__metadata__": Tensor(Float(1))]) }
        #expect(error == .invalidKey(file: "<memory>", key: "__metadata__", reason: "it is reserved for the metadata map"))
    }

    // MARK: Damaged files

    static func sample() throws -> [UInt8] {
        try SafeTensors.encode(["w": Tensor([Float(1), 2, 3, 4], shape: [2, 2]), "b": Tensor([Float(5)], shape: [1])],
                               metadata: ["step": "3"])
    }

    /// A file with `header` as its JSON and `data` after it.
    static func file(header: String, data: [UInt8] = []) -> [UInt8] {
        let text = Array(header.utf8)
        return (0..<8).map { UInt8(truncatingIfNeeded: text.count >> (8 * $0)) } + text + data
    }

    @Test func truncatedFiles() throws {
        let bytes = try Self.sample()
        #expect(checkpointError { _ = try SafeTensors.decode([], file: "f") } == .truncated(file: "f", size: 0, needed: 8))
        #expect(checkpointError { _ = try SafeTensors.decode(Array(bytes.prefix(5)), file: "f") } == .truncated(file: "f", size: 5, needed: 8))
        let headerEnd = 8 + Int(bytes[0])
        #expect(checkpointError { _ = try SafeTensors.decode(Array(bytes.prefix(20)), file: "f") }
            == .truncated(file: "f", size: 20, needed: headerEnd))
        // Cut inside the data: the last tensor's offsets run past the end.
        let error = checkpointError { _ = try SafeTensors.decode(Array(bytes.dropLast(2)), file: "f") }
        guard case .offsetsOutOfRange(file: "f", key: _, begin: _, end: _, dataSize: 18)? = error else {
            Issue.record("got \(String(describing: error))")
            return
        }
        #expect(error?.description.contains("outside the data section of 18 bytes") == true)
    }

    @Test func truncatedFileOnDisk() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("cut.safetensors")
        try Data(Self.sample().prefix(30)).write(to: URL(fileURLWithPath: path))
        let error = checkpointError { _ = try SafeTensors.load(from: path) }
        guard case .truncated(file: path, size: 30, needed: _)? = error else {
            Issue.record("got \(String(describing: error))")
            return
        }
        #expect(error!.description.hasPrefix("'\(path)' is truncated: it has 30 bytes"))
    }

    @Test func badHeaders() {
        func reason(_ header: String, data: [UInt8] = []) -> String? {
            guard case let .badHeader(file: "f", reason: reason)? = checkpointError({
                _ = try SafeTensors.decode(Self.file(header: header, data: data), file: "f")
            }) else { return nil }
            return reason
        }
        #expect(reason("{\"a\": ")?.hasPrefix("invalid JSON: unexpected end of JSON") == true)
        #expect(reason("[1, 2]") == "the header is not a JSON object")
        #expect(reason("{\"a\":1,\"a\":2}")?.contains("duplicate key") == true)
        #expect(reason("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}") == "entry 'a' needs data_offsets [begin, end] of non-negative integers")
        #expect(reason("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}")
            == "entry 'a' has a shape that is not a list of non-negative integers")
        #expect(reason("{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}") != nil)
        #expect(reason("{\"a\":{\"dtype\":3,\"shape\":[1],\"data_offsets\":[0,4]}}") == "entry 'a' has no string dtype")
        #expect(reason("{\"__metadata__\":{\"k\":1}}") == "__metadata__ entry 'k' is not a string")
        #expect(reason("{} trailing")?.hasPrefix("invalid JSON: unexpected text after the JSON value") == true)
        #expect(reason("{\"a\":\"\u{01}\"}")?.contains("control character") == true)
        #expect(reason(String(repeating: "[", count: 100))?.contains("nested") == true)
        // Gaps, overlaps and unused bytes are refused, as Python's reader does.
        #expect(reason("{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[1,2]}}", data: [0, 0])?.contains("leaves a gap") == true)
        #expect(reason("{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]},\"b\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[1,2]}}",
                       data: [0, 0])?.contains("overlaps") == true)
        #expect(reason("{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", data: [0, 0])
            == "the tensors cover 1 bytes of a data section of 2")
    }

    @Test func hugeHeaderLengthIsRefused() {
        let bytes: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7B, 0x7D]
        guard case .badHeader(file: "f", reason: let reason)? = checkpointError({ _ = try SafeTensors.decode(bytes, file: "f") }) else {
            Issue.record("expected badHeader")
            return
        }
        #expect(reason.contains("over the limit"))
    }

    @Test func unknownDType() {
        let bytes = Self.file(header: "{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}", data: [0])
        let error = checkpointError { _ = try SafeTensors.decode(bytes, file: "f") }
        #expect(error == .unknownDType(file: "f", key: "a", dtype: "F8_E4M3"))
        #expect(error?.description == "Tensor 'a' in 'f' has dtype 'F8_E4M3', which is not supported (use bool, int8...int64, uint8...uint64, float16, bfloat16, float32 or float64).")
    }

    @Test func offsetsOutOfRange() {
        let bytes = Self.file(header: "{\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]}}", data: [0, 0])
        #expect(checkpointError { _ = try SafeTensors.decode(bytes, file: "f") }
            == .offsetsOutOfRange(file: "f", key: "a", begin: 0, end: 4, dataSize: 2))
        let reversed = Self.file(header: "{\"a\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[2,1]}}", data: [0, 0])
        #expect(checkpointError { _ = try SafeTensors.decode(reversed, file: "f") }
            == .offsetsOutOfRange(file: "f", key: "a", begin: 2, end: 1, dataSize: 2))
    }

    @Test func shapeAndByteCountMismatch() {
        let bytes = Self.file(header: "{\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,8]}}", data: Array(repeating: 0, count: 8))
        let error = checkpointError { _ = try SafeTensors.decode(bytes, file: "f") }
        #expect(error == .byteCountMismatch(file: "f", key: "a", dtype: "F32", shape: [2, 2], expected: 16, actual: 8))
        #expect(error?.description == "Tensor 'a' in 'f' is F32 of shape [2, 2], which needs 16 bytes, but it has 8.")
        // A shape whose byte count overflows is a bad header, not a crash.
        let huge = Self.file(header: "{\"a\":{\"dtype\":\"F64\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,0]}}")
        #expect(checkpointError { _ = try SafeTensors.decode(huge, file: "f") } == .badHeader(file: "f",
            reason: "tensor 'a' has shape [4294967296, 4294967296], whose element count or byte size overflows a 64-bit integer"))
    }

    @Test func missingFile() {
        let error = checkpointError { _ = try SafeTensors.load(from: "/nonexistent/x.safetensors") }
        #expect(error == .io(file: "/nonexistent/x.safetensors", operation: "open", reason: "No such file or directory"))
        #expect(error?.description == "Could not open '/nonexistent/x.safetensors': No such file or directory.")
    }

    /// Every truncation and many single-byte corruptions of real files give
    /// an error or a valid result, never a crash.
    @Test func damagedFilesNeverCrash() throws {
        for name in ["dtypes.safetensors", "haiku_mlp.safetensors"] {
            let bytes = try fixtureBytes(name)
            for length in 0..<bytes.count {
                #expect(throws: CheckpointError.self) { _ = try SafeTensors.decode(Array(bytes.prefix(length))) }
            }
            var generator = SystemRandomNumberGenerator()
            for _ in 0..<2000 {
                var damaged = bytes
                let index = Int.random(in: 0..<min(bytes.count, 600), using: &generator)
                damaged[index] = UInt8.random(in: 0...255, using: &generator)
                _ = try? SafeTensors.decode(damaged)
            }
        }
    }
}

@testable import Checkpoints
import FileSystem
import Foundation
import Testing
import XLATensor

/// Loads and saves on paths that are not regular files, headers that
/// declare absurd shapes, and temporary files left by killed saves.
@Suite struct FileSafetyTests {
    /// Every loader, on one path.
    static func loadAll(_ path: String) -> [CheckpointError?] {
        [
            checkpointError { _ = try SafeTensors.load(from: path) },
            checkpointError { _ = try Checkpoint.load(from: path) },
            checkpointError { _ = try NumPy.loadNPZ(from: path) },
            checkpointError { _ = try NumPy.loadNPY(from: path) },
        ]
    }

    /// Every saver, on one path.
    static func saveAll(_ path: String) -> [CheckpointError?] {
        let tensors = ["w": Tensor([Float(1), 2], shape: [2])]
        return [
            checkpointError { try SafeTensors.save(tensors, to: path) },
            checkpointError { try Checkpoint(params: ["m": SortedDictionary(tensors)]).save(to: path) },
            checkpointError { try NumPy.saveNPZ(tensors, to: path) },
        ]
    }

    // MARK: Loads

    @Test func loadsRefuseAFIFOWithoutBlocking() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("pipe.safetensors")
        #expect(mkfifo(path, 0o600) == 0)
        for error in Self.loadAll(path) {
            #expect(error == .notRegularFile(file: path, kind: "FIFO (named pipe)"))
        }
        #expect(CheckpointError.notRegularFile(file: path, kind: "FIFO (named pipe)").description
            == "'\(path)' is a FIFO (named pipe), not a regular file; checkpoints are read from and saved to regular files only.")
    }

    @Test func loadsRefuseADirectoryAndDevices() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for error in Self.loadAll(directory.path) {
            #expect(error == .notRegularFile(file: directory.path, kind: "directory"))
        }
        for device in ["/dev/zero", "/dev/null"] {
            for error in Self.loadAll(device) {
                #expect(error == .notRegularFile(file: device, kind: "character device"))
            }
        }
    }

    @Test func loadsFollowSymlinksToRegularFiles() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let target = directory.file("real.safetensors")
        try SafeTensors.save(["x": Tensor([Int32(7)], shape: [1])], to: target)
        #expect(symlink(target, directory.file("link.safetensors")) == 0)
        #expect(try SafeTensors.load(from: directory.file("link.safetensors")).tensors["x"]?.scalars(as: Int32.self) == [7])
    }

    // MARK: Shapes in headers

    static let hugeShape = [4_294_967_296, 4_294_967_296, 0]

    /// A safetensors file whose one tensor `a` has `shape` and no data.
    static func safetensors(shape: [Int]) -> [UInt8] {
        let dims = shape.map(String.init).joined(separator: ",")
        return SafeTensorsTests.file(header: "{\"a\":{\"dtype\":\"F32\",\"shape\":[\(dims)],\"data_offsets\":[0,0]}}")
    }

    @Test func overflowingShapesAreRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reason = "tensor 'a' has shape \(Self.hugeShape), whose element count or byte size overflows a 64-bit integer"
        let safetensors = directory.file("huge.safetensors")
        try Data(Self.safetensors(shape: Self.hugeShape)).write(to: URL(fileURLWithPath: safetensors))
        #expect(checkpointError { _ = try SafeTensors.load(from: safetensors) } == .badHeader(file: safetensors, reason: reason))
        let npy = directory.file("huge.npy")
        try Data(NPYFormat.encode(descr: "<f4", shape: Self.hugeShape, data: [])).write(to: URL(fileURLWithPath: npy))
        #expect(checkpointError { _ = try NumPy.loadNPY(from: npy) }
            == .badHeader(file: npy, reason: reason.replacingOccurrences(of: "'a'", with: "'\(npy)'")))
        // Without a zero, the byte size overflows too.
        let bytes = Self.safetensors(shape: [1 << 31, 1 << 31, 4])
        guard case .badHeader? = checkpointError({ _ = try SafeTensors.decode(bytes, file: "f") }) else {
            Issue.record("expected badHeader")
            return
        }
    }

    @Test func ranksOverNumPysLimitAreRefused() {
        let ones = Array(repeating: 1, count: 65)
        #expect(checkpointError { _ = try SafeTensors.decode(Self.safetensors(shape: ones), file: "f") }
            == .badHeader(file: "f", reason: "tensor 'a' has rank 65, over the limit of 64"))
        let npy = NPYFormat.encode(descr: "<f4", shape: ones, data: [0, 0, 0, 0])
        #expect(checkpointError { _ = try NPYFormat.decode(npy, file: "f", key: "a") }
            == .badHeader(file: "f", reason: "tensor 'a' has rank 65, over the limit of 64"))
        // Rank 64 is still read.
        let rank64 = NPYFormat.encode(descr: "<f4", shape: Array(ones.dropLast()), data: [0, 0, 0, 0])
        #expect((try? NPYFormat.decode(rank64, file: "f", key: "a"))?.shape.count == 64)
    }

    @Test func npzEntriesCannotDeclareMoreThanDeflateProduces() throws {
        var bytes = try fixtureBytes("haiku_mlp_compressed.npz")
        // The first central directory entry's uncompressed size, set to 2 GiB - 1.
        let directory = (0..<(bytes.count - 4)).first { bytes[$0..<($0 + 4)] == [0x50, 0x4B, 0x01, 0x02] }!
        bytes.replaceSubrange((directory + 24)..<(directory + 28), with: [0xFF, 0xFF, 0xFF, 0x7F])
        guard case .corrupted(file: "f", reason: let reason)? = checkpointError({ _ = try NumPy.decodeNPZ(bytes, file: "f") }) else {
            Issue.record("expected corrupted")
            return
        }
        #expect(reason.contains("declares 2147483647 uncompressed bytes, which deflate cannot produce from"), "\(reason)")
    }

    // MARK: Saves

    @Test func savesRefuseASymlinkAndLeaveItsTargetAlone() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let target = directory.file("target.bin")
        try Data("precious".utf8).write(to: URL(fileURLWithPath: target))
        let link = directory.file("link.safetensors")
        #expect(symlink(target, link) == 0)
        for error in Self.saveAll(link) {
            #expect(error == .notRegularFile(file: link, kind: "symbolic link"))
        }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "precious")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        #expect(directory.contents == ["link.safetensors", "target.bin"])
    }

    @Test func savesRefuseAFIFOAndADirectory() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pipe = directory.file("pipe.safetensors")
        #expect(mkfifo(pipe, 0o600) == 0)
        for error in Self.saveAll(pipe) {
            #expect(error == .notRegularFile(file: pipe, kind: "FIFO (named pipe)"))
        }
        let folder = directory.file("folder.safetensors")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        for error in Self.saveAll(folder) {
            #expect(error == .notRegularFile(file: folder, kind: "directory"))
        }
        #expect(directory.contents == ["folder.safetensors", "pipe.safetensors"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    @Test func savesRemoveTemporaryFilesOfKilledSaves() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("ckpt.safetensors")
        // pid 999999999 is above any Linux pid_max: no such process.
        let stale = [path + ".tmp-999999999-1", path + ".tmp-999999999-12"]
        let kept = [
            path + ".tmp-\(getpid())-999999",  // this process: a save may be under way
            path + ".tmp-1-1",  // init is alive
            path + ".tmp-999999999-x",  // not a writer's name
            directory.file("other.safetensors.tmp-999999999-1"),  // another destination's
        ]
        for file in stale + kept { try Data("partial".utf8).write(to: URL(fileURLWithPath: file)) }
        try SafeTensors.save(["x": Tensor([Float(3)], shape: [1])], to: path)
        let names = directory.contents
        for file in stale { #expect(!names.contains(URL(fileURLWithPath: file).lastPathComponent), "\(file) removed") }
        for file in kept { #expect(names.contains(URL(fileURLWithPath: file).lastPathComponent), "\(file) kept") }
        #expect(try SafeTensors.load(from: path).tensors["x"]?.scalars(as: Float.self) == [3])
    }

    @Test func temporaryNameOwners() {
        #expect(StaleTemporaryFiles.owner("123-4") == 123)
        #expect(StaleTemporaryFiles.owner("123-") == nil)
        #expect(StaleTemporaryFiles.owner("-1-4") == nil)
        #expect(StaleTemporaryFiles.owner("12a-4") == nil)
        #expect(StaleTemporaryFiles.owner("99999999999-4") == nil)
        #expect(StaleTemporaryFiles.name(for: "/d/f", pid: 5, serial: 2) == "/d/f.tmp-5-2")
    }
}

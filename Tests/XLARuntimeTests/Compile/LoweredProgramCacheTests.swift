import Foundation
import Synchronization
import Testing
@testable import XLARuntime

/// A traced program's lowering (its StableHLO text) is reused from memory
/// and, next to its executable, from the disk cache; keyed by the traced
/// program's description and the lowering code, with damaged entries clean misses.
@Suite struct LoweredProgramCacheTests {
    /// Compiles `program` under `source` on `client`, counting how often it is lowered.
    private func compile(_ client: Client, source: String, _ program: String, lowerings: borrowing Mutex<Int>) throws
        -> (executable: Executable, reusedLowering: Bool) {
        let (executable, _, reused) = try client.compileWithOutcome(source: source) {
            lowerings.withLock { $0 += 1 }
            return program
        }
        return (executable, reused)
    }

    private func loweringPath(_ directory: String, source: String) throws -> String {
        directory + "/" + (try #require(LoweredProgramKey(source: source))).digest + ".xla"
    }

    @Test func aLoweringIsReusedInMemoryAndByAFreshClient() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let lowerings = Mutex(0)
        let client = try Client(plugin: try Plugin.load(), options: diskCacheOptions(directory))
        #expect(try compile(client, source: "add 5", addProgram(5), lowerings: lowerings).reusedLowering == false)
        #expect(try compile(client, source: "add 5", addProgram(5), lowerings: lowerings).reusedLowering)
        #expect(lowerings.withLock { $0 } == 1)
        #expect(client.cache.statistics == .init(compiles: 1, memoryHits: 1, loweringHits: 1))
        #expect(FileManager.default.fileExists(atPath: try loweringPath(directory, source: "add 5")))

        let fresh = try Client(plugin: try Plugin.load(), options: diskCacheOptions(directory))
        let (executable, reused) = try compile(fresh, source: "add 5", addProgram(5), lowerings: lowerings)
        #expect(reused && lowerings.withLock { $0 } == 1)
        #expect(fresh.cache.statistics == .init(diskHits: 1, loweringHits: 1))
        let a = try fresh.buffer([Float]([1, 2, 3, 4, 5]), shape: [5])
        #expect(try executable.execute([a, a])[0].toArray(as: Float.self) == [2, 4, 6, 8, 10])
    }

    @Test func anotherSourceIsAMiss() throws {
        let lowerings = Mutex(0)
        let client = try Client(plugin: try Plugin.load(), options: ClientOptions(compilationCacheDirectory: nil))
        _ = try compile(client, source: "add 3", addProgram(3), lowerings: lowerings)
        let (executable, reused) = try compile(client, source: "add 4", addProgram(4), lowerings: lowerings)
        #expect(!reused && lowerings.withLock { $0 } == 2)
        #expect(executable.signature.parameters.first?.shape == [4])
    }

    @Test func theKeyNamesTheSourceAndTheLoweringCode() throws {
        let base = LoweredProgramKey(source: "a", lowering: "hkc 1 2 3.4")
        #expect(LoweredProgramKey(source: "b", lowering: "hkc 1 2 3.4") != base)
        #expect(LoweredProgramKey(source: "a", lowering: "hkc 1 2 3.5") != base, "a rebuilt program lowers anew")
        let code = try #require(LoweredProgramKey.loweringCode)
        #expect(code.contains(".xctest") || code.contains("haiku-swift"), "the test binary is the lowering code: \(code)")
        #expect(try #require(LoweredProgramKey(source: "a")).text.hasSuffix(code))
    }

    @Test func aLoweringIsNotWrittenWithoutItsExecutable() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let options = ClientOptions(compilationCacheDirectory: directory, compilationCacheMinimumCompileSeconds: 1000)
        let lowerings = Mutex(0)
        _ = try compile(try Client(plugin: try Plugin.load(), options: options), source: "add 6", addProgram(6),
                        lowerings: lowerings)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
        let fresh = try Client(plugin: try Plugin.load(), options: options)
        #expect(try compile(fresh, source: "add 6", addProgram(6), lowerings: lowerings).reusedLowering == false)
        #expect(lowerings.withLock { $0 } == 2)
    }

    /// A damaged lowering and another key's entry under its name are both
    /// clean misses: lowered again, counted, and replaced by a good entry.
    @Test(arguments: ["damaged", "foreign"])
    func aBadLoweringEntryIsACleanMissAndReplaced(damage: String) throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let lowerings = Mutex(0)
        let source = "add 7 \(damage)"
        _ = try compile(try Client(plugin: try Plugin.load(), options: diskCacheOptions(directory)), source: source,
                        addProgram(7), lowerings: lowerings)
        let path = try loweringPath(directory, source: source)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        if damage == "damaged" {
            bytes[bytes.count - 3] ^= 0x20
        } else {
            let executable = try FileManager.default.contentsOfDirectory(atPath: directory).first { !path.hasSuffix($0) }
            bytes = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + (try #require(executable))))
        }
        try bytes.write(to: URL(fileURLWithPath: path))

        let fresh = try Client(plugin: try Plugin.load(), options: diskCacheOptions(directory))
        #expect(try compile(fresh, source: source, addProgram(7), lowerings: lowerings).reusedLowering == false)
        #expect(fresh.cache.statistics == .init(diskHits: 1, diskRejects: 1))
        let later = try Client(plugin: try Plugin.load(), options: diskCacheOptions(directory))
        #expect(try compile(later, source: source, addProgram(7), lowerings: lowerings).reusedLowering)
        #expect(lowerings.withLock { $0 } == 2)
    }
}

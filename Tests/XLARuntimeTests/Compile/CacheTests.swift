import Foundation
import Testing
import XLARuntime

/// The executable cache: in memory per client, on disk across clients.
@Suite struct CacheTests {
    @Test func secondCompileOfTheSameProgramIsAMemoryHit() throws {
        let client = try Client(plugin: try Plugin.load(), options: ClientOptions(compilationCacheDirectory: nil))
        let first = try client.compile(addProgram(7))
        let second = try client.compile(addProgram(7))
        #expect(first === second)
        #expect(client.cache.statistics.compiles == 1)
        #expect(client.cache.statistics.memoryHits == 1)
        _ = try client.compile(addProgram(8))
        #expect(client.cache.statistics.compiles == 2)
        _ = try client.compile(addProgram(7), options: CompileOptions(replicas: 1, partitions: 1))
        #expect(client.cache.statistics.compiles == 2)
    }

    @Test(arguments: cpuPlugins)
    func diskCacheReloadsInAFreshClient(plugin: String) throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let options = diskCacheOptions(directory)
        let program = addProgram(5)
        do {
            let client = try Client(plugin: try Plugin.load(plugin), options: options)
            _ = try client.compile(program)
            #expect(client.cache.statistics.compiles == 1)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".xla") }.count == 1)
        let fresh = try Client(plugin: try Plugin.load(plugin), options: options)
        let executable = try fresh.compile(program)
        #expect(fresh.cache.statistics == .init(compiles: 0, memoryHits: 0, diskHits: 1, diskRejects: 0))
        let a = try fresh.buffer([Float](repeating: 1, count: 5), shape: [5])
        let b = try fresh.buffer([Float](repeating: 2, count: 5), shape: [5])
        #expect(try executable.execute([a, b])[0].toArray(as: Float.self) == [3, 3, 3, 3, 3])
    }

    @Test func corruptDiskEntryIsACleanMiss() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let options = diskCacheOptions(directory)
        do { _ = try Client(plugin: try Plugin.load(), options: options).compile(addProgram(6)) }
        for file in try FileManager.default.contentsOfDirectory(atPath: directory) {
            try Data("not an executable".utf8).write(to: URL(fileURLWithPath: directory + "/" + file))
        }
        let fresh = try Client(plugin: try Plugin.load(), options: options)
        _ = try fresh.compile(addProgram(6))
        #expect(fresh.cache.statistics == .init(compiles: 1, memoryHits: 0, diskHits: 0, diskRejects: 1))
    }
}

import Foundation
import Testing
@testable import XLARuntime

/// The disk cache: on by default, moved or turned off by
/// `HK_COMPILE_CACHE_DIR`, keyed by everything an executable depends on,
/// size-capped (least recently used out), and safe with several writers.
@Suite struct DiskCacheTests {
    private func entryNames(_ directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".xla") }.sorted()
    }

    private func entrySize(_ path: String) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
    }

    @Test func theDirectoryIsOnByDefaultAndOffMeansOff() {
        #expect(ClientOptions.compilationCacheDirectory(setting: nil, cacheRoot: "/root/.cache/haiku-swift")
                == "/root/.cache/haiku-swift/compiled")
        #expect(ClientOptions.compilationCacheDirectory(setting: "/tmp/elsewhere", cacheRoot: "/r") == "/tmp/elsewhere")
        #expect(ClientOptions.compilationCacheDirectory(setting: "off", cacheRoot: "/r") == nil)
        #expect(ClientOptions.compilationCacheDirectory(setting: "OFF", cacheRoot: "/r") == nil)
    }

    @Test func badSettingsAreTypedErrors() throws {
        let plugin = try Plugin.load()
        #expect(throws: XLAError.self) {
            try Client(plugin: plugin, options: ClientOptions(compilationCacheDirectory: nil, compilationCacheSizeLimit: -1))
        }
        #expect(throws: XLAError.self) {
            try Client(plugin: plugin, options: ClientOptions(compilationCacheDirectory: nil,
                                                              compilationCacheMinimumCompileSeconds: .nan))
        }
        #expect(throws: XLAError.self) {
            try Client(plugin: plugin, options: ClientOptions(compilationCacheDirectory: nil,
                                                              compilationCacheMinimumCompileSeconds: -1))
        }
    }

    @Test func everyPartOfTheKeyCounts() {
        func key(program: String = "p", options: [UInt8] = [1, 2], plugin: String = "plugin@1",
                 platform: String = "cpu 1", kinds: [String] = ["cpu"], flags: String = "", cpu: String = "avx2") -> String {
            CompilationCacheKey(program: program, serializedOptions: options, plugin: plugin, platform: platform,
                                deviceKinds: kinds, xlaFlags: flags, hostCPU: cpu).text
        }
        let base = key()
        for other in [key(program: "q"), key(options: [1, 3]), key(plugin: "plugin@2"), key(platform: "cpu 2"),
                      key(kinds: ["cpu", "cpu"]), key(kinds: ["gpu"]), key(flags: "--xla_cpu_enable_fast_math=true"),
                      key(cpu: "avx512f")] {
            #expect(other != base)
        }
        #expect(key(flags: "--a=1 --b=2") == key(flags: "--b=2  --a=1"), "flag order does not matter")
        #expect(key(flags: "--a=1 --xla_dump_to=/tmp/x --xla_dump_hlo_as_text") == key(flags: "--a=1"),
                "dump flags only choose where XLA writes")
        #expect(!HostCPU.description.isEmpty && HostCPU.digest.count == 64)
        #if arch(x86_64) && os(Linux)
        #expect(HostCPU.description.contains("\nflags: "), "the feature flags are read: \(HostCPU.description)")
        #endif
    }

    @Test func fastCompilesAreNotWritten() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let options = ClientOptions(compilationCacheDirectory: directory, compilationCacheMinimumCompileSeconds: 1000)
        _ = try Client(plugin: try Plugin.load(), options: options).compile(addProgram(4))
        #expect(try entryNames(directory).isEmpty)
    }

    @Test func anEntryUnderAnotherKeysNameIsACleanMiss() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let options = diskCacheOptions(directory)
        let first = try Client(plugin: try Plugin.load(), options: options)
        _ = try first.compile(addProgram(2))
        let twoName = try #require(try entryNames(directory).first)
        _ = try first.compile(addProgram(3))
        let threeName = try #require(try entryNames(directory).first { $0 != twoName })
        try FileManager.default.removeItem(atPath: directory + "/" + threeName)
        try FileManager.default.copyItem(atPath: directory + "/" + twoName, toPath: directory + "/" + threeName)

        let fresh = try Client(plugin: try Plugin.load(), options: options)
        let executable = try fresh.compile(addProgram(3))
        #expect(fresh.cache.statistics == .init(compiles: 1, diskRejects: 1))
        let a = try fresh.buffer([Float]([1, 2, 3]), shape: [3])
        #expect(try executable.execute([a, a])[0].toArray(as: Float.self) == [2, 4, 6])
        _ = try Client(plugin: try Plugin.load(), options: options).compile(addProgram(3))
        #expect(try entryNames(directory).count == 2)
    }

    @Test func theLeastRecentlyUsedEntriesGoBeyondTheSizeLimit() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            let client = try Client(plugin: try Plugin.load(), options: diskCacheOptions(directory))
            _ = try client.compile(addProgram(11))
            Thread.sleep(forTimeInterval: 0.02)
            _ = try client.compile(addProgram(12))
        }
        let names = try entryNames(directory)
        #expect(names.count == 2)
        let sizes = try names.map { try entrySize(directory + "/" + $0) }
        // Room for two entries of about this size, not three.
        let limit = sizes.reduce(0, +) + sizes.min()! / 2
        Thread.sleep(forTimeInterval: 0.02)
        let client = try Client(plugin: try Plugin.load(), options: diskCacheOptions(directory, sizeLimit: limit))
        _ = try client.compile(addProgram(11))   // a load: program 11's entry is now the most recent
        Thread.sleep(forTimeInterval: 0.02)
        _ = try client.compile(addProgram(13))   // written, then program 12's entry is evicted
        #expect(client.cache.statistics == .init(compiles: 1, diskHits: 1, diskEvictions: 1))
        #expect(try entryNames(directory).count == 2)
        let later = try Client(plugin: try Plugin.load(), options: diskCacheOptions(directory, sizeLimit: limit))
        _ = try later.compile(addProgram(11))
        _ = try later.compile(addProgram(13))
        _ = try later.compile(addProgram(12))
        #expect(later.cache.statistics.diskHits == 2)
        #expect(later.cache.statistics.compiles == 1)

        let none = try Client(plugin: try Plugin.load(), options: diskCacheOptions(directory, sizeLimit: 0))
        _ = try none.compile(addProgram(14))
        #expect(try entryNames(directory).isEmpty, "a limit of 0 keeps nothing")
    }

    @Test func concurrentWritersLeaveOnlyWholeEntries() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let plugin = try Plugin.load()
        let sizes = [21, 22, 23]
        DispatchQueue.concurrentPerform(iterations: 6) { _ in
            guard let client = try? Client(plugin: plugin, options: diskCacheOptions(directory)) else { return }
            for size in sizes.shuffled() { _ = try? client.compile(addProgram(size)) }
        }
        #expect(try entryNames(directory).count == sizes.count)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).allSatisfy { $0.hasSuffix(".xla") },
                "no temporary file is left behind")
        let fresh = try Client(plugin: plugin, options: diskCacheOptions(directory))
        for size in sizes {
            let executable = try fresh.compile(addProgram(size))
            let ones = try fresh.buffer([Float](repeating: 1, count: size), shape: [size])
            #expect(try executable.execute([ones, ones])[0].toArray(as: Float.self) == [Float](repeating: 2, count: size))
        }
        #expect(fresh.cache.statistics == .init(diskHits: sizes.count))
    }
}

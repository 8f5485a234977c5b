import Foundation
import Testing
@testable import XLARuntime

/// The in-memory executable cache is bounded, least recently used first out,
/// and can be cleared.
@Suite struct CacheEvictionTests {
    @Test func lruEvictsTheLeastRecentlyUsed() {
        var cache = LRUCache<String, Int>(capacity: 3)
        cache.insert(1, for: "a")
        cache.insert(2, for: "b")
        cache.insert(3, for: "c")
        #expect(cache.value(for: "a") == 1)
        cache.insert(4, for: "d")
        #expect(cache.keysByRecency == ["c", "a", "d"])
        #expect(cache.value(for: "b") == nil)
        #expect(cache.evictions == 1)
        cache.insert(5, for: "c")
        #expect(cache.keysByRecency == ["a", "d", "c"])
        cache.capacity = 1
        #expect(cache.keysByRecency == ["c"])
        #expect(cache.evictions == 3)
        cache.capacity = -4
        #expect(cache.capacity == 0 && cache.count == 0)
        cache.insert(6, for: "e")
        #expect(cache.count == 0)
        cache.capacity = 2
        cache.insert(7, for: "f")
        cache.removeAll()
        #expect(cache.count == 0 && cache.value(for: "f") == nil)
    }

    @Test func clientCacheIsBoundedAndClearable() throws {
        let client = try Client(plugin: try Plugin.load(), options: ClientOptions(compilationCacheDirectory: nil))
        #expect(client.cache.capacity == ExecutableCache.defaultCapacity)
        client.cache.capacity = 2
        _ = try client.compile(addProgram(1))
        _ = try client.compile(addProgram(2))
        _ = try client.compile(addProgram(1))
        _ = try client.compile(addProgram(3))   // evicts addProgram(2)
        #expect(client.cache.count == 2)
        #expect(client.cache.statistics == .init(compiles: 3, memoryHits: 1, evictions: 1))
        _ = try client.compile(addProgram(1))
        _ = try client.compile(addProgram(2))
        #expect(client.cache.statistics == .init(compiles: 4, memoryHits: 2, evictions: 2))

        client.cache.removeAll()
        #expect(client.cache.count == 0)
        let executable = try client.compile(addProgram(2))
        #expect(client.cache.statistics.compiles == 5)
        let a = try client.buffer([Float]([1, 2]), shape: [2])
        let b = try client.buffer([Float]([10, 20]), shape: [2])
        #expect(try executable.execute([a, b])[0].toArray(as: Float.self) == [11, 22])
    }
}

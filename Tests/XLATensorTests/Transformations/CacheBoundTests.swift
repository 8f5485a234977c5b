import Synchronization
import Testing
import XLATensor

/// `jit`'s and eager execution's program caches are bounded (least recently
/// used first out) and can be cleared.
@Suite struct CacheBoundTests {
    @Test func jitEvictsTheLeastRecentlyCalledSignature() throws {
        let traces = Mutex(0)
        let f = jit { (x: Tensor) in
            traces.withLock { $0 += 1 }
            return x * 2
        }
        #expect(f.cacheCapacity == JITFunction<Tensor, Tensor>.defaultCacheCapacity)
        f.cacheCapacity = 2
        _ = try f(Tensor([1.0]))
        _ = try f(Tensor([1.0, 2]))
        _ = try f(Tensor([1.0]))             // [1] is now the most recent
        _ = try f(Tensor([1.0, 2, 3]))       // evicts [2]
        #expect(f.compiledCount == 2)
        #expect(traces.withLock { $0 } == 3)
        #expect(try f(Tensor([4.0])).scalars(as: Float.self) == [8])
        #expect(traces.withLock { $0 } == 3, "[1] was kept")
        #expect(try f(Tensor([4.0, 5])).scalars(as: Float.self) == [8, 10])
        #expect(traces.withLock { $0 } == 4, "[2] was evicted and compiles again")
        #expect(f.compiledCount == 2)
    }

    @Test func clearedJITCacheRecompilesCorrectly() throws {
        let traces = Mutex(0)
        let f = jit { (x: Tensor, y: Tensor) in
            traces.withLock { $0 += 1 }
            return x * y + 1
        }
        #expect(try f(Tensor([1.0, 2]), Tensor([3.0, 4])).scalars(as: Float.self) == [4, 9])
        f.clearCache()
        #expect(f.compiledCount == 0)
        #expect(try f(Tensor([1.0, 2]), Tensor([3.0, 4])).scalars(as: Float.self) == [4, 9])
        #expect(traces.withLock { $0 } == 2)
        #expect(f.compiledCount == 1)
        f.cacheCapacity = 0
        #expect(f.compiledCount == 0)
        #expect(try f(Tensor([2.0, 2]), Tensor([3.0, 4])).scalars(as: Float.self) == [7, 9])
        #expect(traces.withLock { $0 } == 3)
    }

    @Test func eagerCacheIsClearable() throws {
        #expect(try (Tensor([1.0, 2]) + Tensor([3.0, 4])).scalars(as: Float.self) == [4, 6])
        #expect(EagerCache.count > 0)
        #expect(EagerCache.capacity == EagerCache.defaultCapacity)
        EagerCache.clear()
        #expect(try (Tensor([1.0, 2]) + Tensor([3.0, 4])).scalars(as: Float.self) == [4, 6])
        #expect(try (Tensor([1.0, 2]) * Tensor([3.0, 4])).scalars(as: Float.self) == [3, 8])
        #expect(EagerCache.count > 0)
    }
}

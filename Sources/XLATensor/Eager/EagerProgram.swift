import Synchronization
import XLAIR
import XLARuntime

/// Runs a library function made of many ops (a random sampler, `einsum`)
/// as one compiled program when it is called eagerly, as JAX jits its
/// samplers and einsum: the threefry rounds are one dispatch instead of a
/// hundred, and float computations round their intermediates exactly as
/// they do inside a caller's `jit`. Inside a trace the function is recorded
/// inline.
enum EagerProgram {
    /// The compiled functions, by name, static arguments and configuration.
    private static let cache = Mutex(LRUCache<String, Entry>(capacity: EagerCache.defaultCapacity))

    /// The most functions kept; the least recently used beyond it are dropped.
    static var capacity: Int {
        get { cache.withLock { $0.capacity } }
        set { cache.withLock { $0.capacity = newValue } }
    }

    /// The number of functions held.
    static var count: Int { cache.withLock { $0.count } }

    /// Drops every function (and the programs each compiled).
    static func removeAll() { cache.withLock { $0.removeAll() } }

    /// A cached `JITFunction`, type-erased.
    private struct Entry: @unchecked Sendable { let function: AnyObject }

    /// `body(arguments)`, compiled once per `name`, `statics` (every
    /// non-tensor value `body` uses) and configuration when called eagerly.
    /// Should compiling fail, the body runs op by op, so that its results
    /// carry the error.
    static func run<each Argument: TensorTree, Result: TensorTree>(
        _ name: String, static statics: String, _ arguments: repeat each Argument,
        body: @escaping (repeat each Argument) -> Result
    ) -> Result {
        if TracingContext.current != nil { return body(repeat each arguments) }
        let key = "\(name)|\(statics)|x64=\(Configuration.x64)|partitionable=\(Configuration.threefryPartitionable)"
        let function = cache.withLock { cache -> Entry in
            if let entry = cache.value(for: key) { return entry }
            let function = jit { (arguments: repeat each Argument) in body(repeat each arguments) }
            function.cacheCapacity = cache.capacity
            let entry = Entry(function: function)
            cache.insert(entry, for: key)
            return entry
        }.function as! JITFunction<repeat each Argument, Result>
        let x64 = Configuration.x64, partitionable = Configuration.threefryPartitionable
        do {
            return try function(repeat each arguments)
        } catch {
            return Configuration.withX64(x64) {
                Configuration.withThreefryPartitionable(partitionable) { body(repeat each arguments) }
            }
        }
    }
}

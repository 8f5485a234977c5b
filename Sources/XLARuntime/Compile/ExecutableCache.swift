import FileSystem
import Synchronization

/// A client's compiled executables: in memory always, on disk when a
/// directory is given (``ClientOptions/compilationCacheDirectory``).
///
/// Keys hold everything an executable depends on (see
/// ``CompilationCacheKey``: the program, compile options, plugin, platform,
/// devices, XLA flags and host processor). Each disk file carries a header
/// with the SHA-256 of its key and of the serialized executable, checked
/// before the plugin reads it: a damaged, truncated or foreign file, or one
/// XLA does not load, is a clean miss (``Statistics/diskRejects``) and is
/// replaced. Files are written atomically (a temporary file renamed into
/// place), so processes sharing the directory never read a partial entry.
///
/// It also keeps the StableHLO text that traced programs were lowered to
/// (``LoweredProgramKey``), in memory and, next to an executable written to
/// disk, on disk: a later trace of the same program skips the passes and
/// the emission (``Statistics/loweringHits``).
///
/// Memory holds at most ``capacity`` executables and evicts the least
/// recently used beyond it; ``removeAll()`` drops them all. The disk keeps
/// at most ``sizeLimit`` bytes, evicting its least recently used entries
/// (``Statistics/diskEvictions``); programs that compiled faster than
/// ``minimumCompileSeconds`` are not written.
public final class ExecutableCache: Sendable {
    /// The number of executables a cache keeps in memory unless told otherwise.
    public static let defaultCapacity = 256

    /// The disk cache directory, if any.
    public let directory: String?
    /// The most bytes the disk cache keeps (``ClientOptions/compilationCacheSizeLimit``).
    public let sizeLimit: Int
    /// The shortest compile written to disk (``ClientOptions/compilationCacheMinimumCompileSeconds``).
    public let minimumCompileSeconds: Double
    private let entries = Mutex(LRUCache<CompilationCacheKey, Executable>(capacity: defaultCapacity))
    /// Lowered programs (StableHLO text) by the digest of their ``LoweredProgramKey``.
    let loweredPrograms = Mutex(LRUCache<String, String>(capacity: defaultCapacity))
    private let counters = Mutex(Statistics())

    /// How the cache has been used.
    public struct Statistics: Hashable, Sendable {
        /// Programs compiled by XLA.
        public var compiles = 0
        /// Requests answered from memory.
        public var memoryHits = 0
        /// Requests answered by loading a serialized executable from disk.
        public var diskHits = 0
        /// Disk entries that existed but were rejected: a bad header or
        /// checksum, or XLA could not load them. Each is removed and replaced.
        public var diskRejects = 0
        /// Executables dropped from memory to stay within ``ExecutableCache/capacity``.
        public var evictions = 0
        /// Traced programs whose lowering (passes and StableHLO emission) was
        /// reused from memory or disk instead of being done again.
        public var loweringHits = 0
        /// Disk entries (this process's or others') removed to stay within
        /// ``ExecutableCache/sizeLimit``.
        public var diskEvictions = 0

        /// Creates counters (all zero by default).
        public init(compiles: Int = 0, memoryHits: Int = 0, diskHits: Int = 0, diskRejects: Int = 0,
                    evictions: Int = 0, diskEvictions: Int = 0, loweringHits: Int = 0) {
            self.compiles = compiles
            self.memoryHits = memoryHits
            self.diskHits = diskHits
            self.diskRejects = diskRejects
            self.evictions = evictions
            self.diskEvictions = diskEvictions
            self.loweringHits = loweringHits
        }
    }

    init(_ options: ClientOptions) {
        directory = options.compilationCacheDirectory
        sizeLimit = options.compilationCacheSizeLimit
        minimumCompileSeconds = options.compilationCacheMinimumCompileSeconds
    }

    /// A snapshot of the counters.
    public var statistics: Statistics {
        var statistics = counters.withLock { $0 }
        statistics.evictions = entries.withLock { $0.evictions }
        return statistics
    }

    /// The most executables kept in memory (``defaultCapacity`` at first);
    /// beyond it the least recently used are dropped. Lowering it evicts at
    /// once; 0 keeps none (every `compile` then reads the disk or compiles).
    /// The lowered programs kept in memory have the same limit.
    public var capacity: Int {
        get { entries.withLock { $0.capacity } }
        set {
            entries.withLock { $0.capacity = newValue }
            loweredPrograms.withLock { $0.capacity = newValue }
        }
    }

    /// The number of executables held in memory.
    public var count: Int { entries.withLock { $0.count } }

    /// Drops every executable held in memory (the disk cache is kept); the
    /// next `compile` of each program compiles again or loads from disk.
    public func removeAll() {
        entries.withLock { $0.removeAll() }
        loweredPrograms.withLock { $0.removeAll() }
    }

    func cached(_ key: CompilationCacheKey) -> Executable? {
        let hit = entries.withLock { $0.value(for: key) }
        if hit != nil { counters.withLock { $0.memoryHits += 1 } }
        return hit
    }

    func store(_ executable: Executable, for key: CompilationCacheKey) {
        entries.withLock { $0.insert(executable, for: key) }
    }

    /// Things the cache counts besides memory hits.
    enum Event { case compile, diskHit, diskReject, diskEvictions(Int), loweringHit }

    func record(_ event: Event) {
        counters.withLock { statistics in
            switch event {
            case .compile: statistics.compiles += 1
            case .diskHit: statistics.diskHits += 1
            case .diskReject: statistics.diskRejects += 1
            case let .diskEvictions(count): statistics.diskEvictions += count
            case .loweringHit: statistics.loweringHits += 1
            }
        }
    }

    /// The disk file for a key, if the disk cache is on.
    func diskPath(for key: CompilationCacheKey) -> String? {
        diskPath(digest: key.digest)
    }

    /// The disk file named by a key's digest, if the disk cache is on.
    func diskPath(digest: String) -> String? {
        guard let directory else { return nil }
        return directory + "/" + digest + DiskCacheDirectory.suffix
    }

    /// The payload of the disk entry at `path` stored under `keyText`, or
    /// nil: no file, or a damaged or foreign one, which is counted
    /// (``Statistics/diskRejects``) and removed.
    func readEntry(_ path: String, keyText: String) -> ArraySlice<UInt8>? {
        guard let file = try? Files.read(path) else { return nil }
        guard case let .success(payload) = CacheEntryFile.decode(file, key: keyText) else {
            rejectEntry(path)
            return nil
        }
        return payload
    }

    /// Counts and removes a disk entry that cannot be used.
    func rejectEntry(_ path: String) {
        record(.diskReject)
        Files.remove(path)
    }
}

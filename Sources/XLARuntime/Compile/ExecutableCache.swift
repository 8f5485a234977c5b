import Synchronization

/// A client's compiled executables: in memory always, on disk when a
/// directory is given (``ClientOptions/compilationCacheDirectory``).
///
/// Keys are sha256(program text) + the serialized compile options + the
/// plugin's identity (path, file size and time, API version) + the client's
/// device count. A disk entry that does not load (another plugin or machine)
/// is a clean miss and is replaced.
public final class ExecutableCache: Sendable {
    /// The disk cache directory, if any.
    public let directory: String?
    private let entries = Mutex<[String: Executable]>([:])
    private let counters = Mutex(Statistics())

    /// How the cache has been used.
    public struct Statistics: Hashable, Sendable {
        /// Programs compiled by XLA.
        public var compiles = 0
        /// Requests answered from memory.
        public var memoryHits = 0
        /// Requests answered by loading a serialized executable from disk.
        public var diskHits = 0
        /// Disk entries that existed but could not be loaded.
        public var diskRejects = 0

        /// Creates counters (all zero by default).
        public init(compiles: Int = 0, memoryHits: Int = 0, diskHits: Int = 0, diskRejects: Int = 0) {
            self.compiles = compiles
            self.memoryHits = memoryHits
            self.diskHits = diskHits
            self.diskRejects = diskRejects
        }
    }

    init(directory: String?) {
        self.directory = directory
    }

    /// A snapshot of the counters.
    public var statistics: Statistics { counters.withLock { $0 } }

    /// The number of executables held in memory.
    public var count: Int { entries.withLock { $0.count } }

    /// Drops every executable held in memory (the disk cache is kept).
    public func removeAll() { entries.withLock { $0.removeAll() } }

    func cached(_ key: String) -> Executable? {
        let hit = entries.withLock { $0[key] }
        if hit != nil { counters.withLock { $0.memoryHits += 1 } }
        return hit
    }

    func store(_ executable: Executable, for key: String) {
        entries.withLock { $0[key] = executable }
    }

    /// Things the cache counts besides memory hits.
    enum Event { case compile, diskHit, diskReject }

    func record(_ event: Event) {
        counters.withLock { statistics in
            switch event {
            case .compile: statistics.compiles += 1
            case .diskHit: statistics.diskHits += 1
            case .diskReject: statistics.diskRejects += 1
            }
        }
    }

    /// The disk file for a key, if the disk cache is on.
    func diskPath(for key: String) -> String? {
        guard let directory else { return nil }
        return directory + "/" + SHA256.hex(key) + ".xla"
    }
}

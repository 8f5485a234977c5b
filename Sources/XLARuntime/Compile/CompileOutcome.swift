/// How ``Client/compileWithOutcome(_:options:)`` got an executable: where
/// from, and how long it took.
public struct CompileOutcome: Sendable, Hashable {
    /// Where an executable came from.
    public enum Source: String, Sendable, Hashable {
        /// XLA compiled the program.
        case compiled
        /// A serialized executable was loaded from the disk cache.
        case diskCache = "disk cache"
        /// The client's in-memory cache held it.
        case memoryCache = "memory cache"
    }

    /// Where the executable came from.
    public let source: Source
    /// The time spent: XLA's compile, the load from disk, or the lookup.
    public let duration: Duration

    /// An outcome.
    public init(source: Source, duration: Duration) {
        self.source = source
        self.duration = duration
    }
}

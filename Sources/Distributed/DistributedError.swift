/// A failure of a ``ProcessGroup``: setting it up, exchanging values, or
/// launching its processes. Every wait is bounded, so a missing or stuck
/// peer ends in one of these instead of a hang.
public enum DistributedError: Error, Equatable, CustomStringConvertible {
    /// An environment variable the group reads (its name) holds a value
    /// it cannot use (the value and what it should be).
    case invalidEnvironment(name: String, value: String, expected: String)
    /// A group asked for with an impossible rank, size, address or timeout (the reason).
    case invalidGroup(String)
    /// The coordinator (process 0, listening at the address) did not take
    /// this process's connection within the timeout (seconds).
    case coordinatorUnreachable(address: String, seconds: Double)
    /// The coordinator waited the timeout (seconds) and these ranks never joined.
    case missingPeers(ranks: [Int], seconds: Double)
    /// A process that joined does not belong to the group (the reason:
    /// a rank out of range, a rank taken twice, another group size).
    case rejectedPeer(String)
    /// Process `rank` sent nothing within the timeout (seconds) while this
    /// process waited for `what`.
    case timedOut(rank: Int, what: String, seconds: Double)
    /// Process `rank` closed its connection (it ended or failed) while this
    /// process waited for `what`.
    case peerClosed(rank: Int, what: String)
    /// Process `rank` offered `count` values to an all-reduce whose
    /// coordinator holds `expected` (or another operation).
    case mismatchedReduction(rank: Int, expected: Int, count: Int)
    /// A value to reduce is not `float32` (its element type, as written).
    case unsupportedElementType(String)
    /// A system call failed (the call and the system's reason).
    case system(call: String, reason: String)
    /// A launched process failed (its rank and exit status, or the signal that ended it).
    case processFailed(rank: Int, status: String)

    /// One sentence.
    public var description: String {
        switch self {
        case let .invalidEnvironment(name, value, expected):
            return "Environment variable \(name)=\"\(value)\" is invalid: expected \(expected)."
        case let .invalidGroup(reason): return "Cannot form the process group: \(reason)."
        case let .coordinatorUnreachable(address, seconds):
            return "The coordinator at \(address) did not accept a connection within \(seconds) s (is process 0 running?)."
        case let .missingPeers(ranks, seconds):
            return "Processes \(ranks.map(String.init).joined(separator: ", ")) did not join the group within \(seconds) s."
        case let .rejectedPeer(reason): return "A process was refused by the group: \(reason)."
        case let .timedOut(rank, what, seconds):
            return "Process \(rank) sent nothing for \(seconds) s while waiting for \(what)."
        case let .peerClosed(rank, what): return "Process \(rank) closed its connection while waiting for \(what)."
        case let .mismatchedReduction(rank, expected, count):
            return "Process \(rank) offered \(count) values to an all-reduce of \(expected) (or another operation)."
        case let .unsupportedElementType(type): return "All-reduce takes float32 values, not \(type)."
        case let .system(call, reason): return "System call \(call) failed: \(reason)."
        case let .processFailed(rank, status): return "Process \(rank) failed (\(status))."
        }
    }
}

import Glibc

/// How an all-reduce combines the processes' values.
public enum Reduction: UInt64, Sendable {
    /// The elementwise sum over the processes, in rank order.
    case sum
    /// The sum divided by the number of processes.
    case mean
}

/// Processes `0 ..< size` of one job, joined over TCP (loopback on one
/// machine), that combine float values with ``allReduce(_:_:)``.
///
/// Process 0 (the coordinator) listens at ``coordinator``; the others
/// connect to it (a star). An all-reduce sends every process's values to
/// process 0, which adds them in rank order and sends the one result back,
/// so every process gets the same bits. Every wait is bounded: a process
/// that does not join, answer or stay connected ends in a
/// ``DistributedError`` naming it.
///
/// ```swift
/// let group = try ProcessGroup(rank: 0, size: 1, coordinator: Address(host: "127.0.0.1", port: 29500))
/// let mean = try group.allReduce([1, 2, 3], .mean)   // [1, 2, 3] with one process
/// ```
///
/// Not `Sendable`: one thread at a time exchanges through it.
public final class ProcessGroup {
    /// The variable holding this process's rank (`0 ..< size`).
    public static let rankVariable = "HK_PROCESS_ID"
    /// The variable holding the number of processes.
    public static let sizeVariable = "HK_NUM_PROCESSES"
    /// The variable holding process 0's address, `127.0.0.1:PORT`.
    public static let coordinatorVariable = "HK_COORDINATOR"
    /// The optional variable holding the timeout in seconds of every wait
    /// (joining and each exchange; default 60 s to join, 300 s per exchange).
    public static let timeoutVariable = "HK_PROCESS_TIMEOUT"

    /// Whether this process was started as a member of a group
    /// (``rankVariable`` is set, as ``ProcessLauncher`` sets it).
    public static var isLaunched: Bool { environment(rankVariable) != nil }

    /// This process's rank, `0 ..< size`; process 0 coordinates.
    public let rank: Int
    /// The number of processes.
    public let size: Int
    /// Where process 0 listens.
    public let coordinator: Address
    /// The longest an exchange waits for a peer.
    public let timeout: Duration

    /// Process 0: the connections of processes `1 ..< size`, in rank order;
    /// the others: the connection to process 0.
    private let peers: [Connection]

    /// Joins the group: process 0 listens at `coordinator` and waits for
    /// the others; the others connect to it, trying again while it is not
    /// up. Returns once every process has joined.
    ///
    /// - Parameters:
    ///   - joinTimeout: how long joining may take in all.
    ///   - timeout: how long each exchange may wait for a peer.
    /// - Throws: ``DistributedError/invalidGroup(_:)`` for a rank outside
    ///   `0 ..< size` or a size below 1; on process 0
    ///   ``DistributedError/missingPeers(ranks:seconds:)`` when some did not
    ///   join in time, ``DistributedError/rejectedPeer(_:)`` for a process of
    ///   another group; on the others
    ///   ``DistributedError/coordinatorUnreachable(address:seconds:)``, or
    ///   ``DistributedError/timedOut(rank:what:seconds:)`` /
    ///   ``DistributedError/peerClosed(rank:what:)`` when the group does not form.
    public init(rank: Int, size: Int, coordinator: Address,
                joinTimeout: Duration = .seconds(60), timeout: Duration = .seconds(300)) throws {
        guard size >= 1, size <= 1024 else { throw DistributedError.invalidGroup("size \(size) is not in 1...1024") }
        guard (0 ..< size).contains(rank) else { throw DistributedError.invalidGroup("rank \(rank) is not in 0..<\(size)") }
        guard joinTimeout > .zero, timeout > .zero else { throw DistributedError.invalidGroup("timeouts must be above 0") }
        self.rank = rank
        self.size = size
        self.coordinator = coordinator
        self.timeout = timeout
        let deadline = ContinuousClock.now + joinTimeout
        peers = rank == 0 ? try Self.gather(size: size, at: coordinator, until: deadline, limit: joinTimeout)
                          : [try Self.join(rank: rank, size: size, at: coordinator, until: deadline, limit: joinTimeout)]
    }

    /// The group the launcher described in the environment
    /// (``rankVariable``, ``sizeVariable``, ``coordinatorVariable``,
    /// ``timeoutVariable``), joined; nil when ``rankVariable`` is not set.
    ///
    /// - Throws: ``DistributedError/invalidEnvironment(name:value:expected:)``
    ///   for a variable that is missing or malformed; the errors of joining.
    public static func fromEnvironment() throws -> ProcessGroup? {
        guard let rankText = environment(rankVariable) else { return nil }
        func number(_ name: String, _ text: String?) throws -> Int {
            guard let text, let value = Int(text), value >= 0 else {
                throw DistributedError.invalidEnvironment(name: name, value: text ?? "", expected: "a whole number of at least 0")
            }
            return value
        }
        let rank = try number(rankVariable, rankText), size = try number(sizeVariable, environment(sizeVariable))
        let address = environment(coordinatorVariable) ?? ""
        guard let coordinator = Address(address) else {
            throw DistributedError.invalidEnvironment(name: coordinatorVariable, value: address, expected: "an IPv4 address and port such as 127.0.0.1:29500")
        }
        guard let seconds = environment(timeoutVariable) else { return try ProcessGroup(rank: rank, size: size, coordinator: coordinator) }
        guard let limit = Double(seconds), limit > 0, limit <= 86_400 else {
            throw DistributedError.invalidEnvironment(name: timeoutVariable, value: seconds, expected: "seconds above 0, at most 86400")
        }
        let timeout = Duration.milliseconds(Int64(limit * 1000))
        return try ProcessGroup(rank: rank, size: size, coordinator: coordinator, joinTimeout: timeout, timeout: timeout)
    }

    /// Every process's `values` combined elementwise by `reduction`, the
    /// same on every process (process 0 adds them in rank order). Every
    /// process must call it with as many values, in the same order of calls.
    ///
    /// - Throws: ``DistributedError/mismatchedReduction(rank:expected:count:)``
    ///   (on process 0) when a process offers another count or reduction;
    ///   ``DistributedError/timedOut(rank:what:seconds:)`` or
    ///   ``DistributedError/peerClosed(rank:what:)`` when a peer does not
    ///   answer within ``timeout`` or has ended.
    public func allReduce(_ values: [Float], _ reduction: Reduction) throws -> [Float] {
        guard size > 1 else { return values }
        let deadline = ContinuousClock.now + timeout
        let header: [UInt64] = [reduction.rawValue, UInt64(values.count)]
        if rank != 0 {
            let coordinator = peers[0]
            try exchange(with: 0, "sending values to all-reduce") { try header.withUnsafeBytes { try coordinator.send($0, until: deadline) } }
            try exchange(with: 0, "sending values to all-reduce") { try values.withUnsafeBytes { try coordinator.send($0, until: deadline) } }
            var result = [Float](repeating: 0, count: values.count)
            try exchange(with: 0, "the all-reduce's result") { try result.withUnsafeMutableBytes { try coordinator.receive(into: $0, until: deadline) } }
            return result
        }
        var result = values, incoming = [Float](repeating: 0, count: values.count)
        for (index, peer) in peers.enumerated() {
            var theirs: [UInt64] = [0, 0]
            try exchange(with: index + 1, "values to all-reduce") { try theirs.withUnsafeMutableBytes { try peer.receive(into: $0, until: deadline) } }
            guard theirs == header else {
                throw DistributedError.mismatchedReduction(rank: index + 1, expected: values.count, count: Int(clamping: theirs[1]))
            }
            try exchange(with: index + 1, "values to all-reduce") { try incoming.withUnsafeMutableBytes { try peer.receive(into: $0, until: deadline) } }
            result.withUnsafeMutableBufferPointer { sum in
                incoming.withUnsafeBufferPointer { for position in sum.indices { sum[position] += $0[position] } }
            }
        }
        if reduction == .mean {
            let count = Float(size)
            for position in result.indices { result[position] /= count }
        }
        for (index, peer) in peers.enumerated() {
            try exchange(with: index + 1, "sending the all-reduce's result") { try result.withUnsafeBytes { try peer.send($0, until: deadline) } }
        }
        return result
    }

    /// Runs one transfer with process `peer`, its outcome an error naming `what` it was for.
    private func exchange(with peer: Int, _ what: String, _ transfer: () throws -> Connection.Outcome) throws {
        try Self.check(transfer(), peer: peer, what: what, limit: timeout)
    }

    private static func check(_ outcome: Connection.Outcome, peer: Int, what: String, limit: Duration) throws {
        switch outcome {
        case .done: return
        case .timedOut: throw DistributedError.timedOut(rank: peer, what: what, seconds: seconds(limit))
        case .closed: throw DistributedError.peerClosed(rank: peer, what: what)
        }
    }

    /// The first words of a greeting: who sends it and the group's size.
    private static let magic: UInt32 = 0x484B_5047  // "HKPG"

    /// Process 0: listens and takes processes `1 ..< size`, each greeting
    /// with its rank and the size; answers each once all are in.
    private static func gather(size: Int, at address: Address, until deadline: ContinuousClock.Instant,
                               limit: Duration) throws -> [Connection] {
        guard size > 1 else { return [] }
        let listener = try Listener(at: address)
        var joined = [Int: Connection]()
        while joined.count < size - 1 {
            guard let connection = try listener.accept(until: deadline) else {
                let missing = (1 ..< size).filter { joined[$0] == nil }
                throw DistributedError.missingPeers(ranks: missing, seconds: seconds(limit))
            }
            var greeting: [UInt32] = [0, 0, 0]
            guard case .done = try greeting.withUnsafeMutableBytes({ try connection.receive(into: $0, until: deadline) }) else {
                continue  // not one of ours, or gone: keep waiting for the rest
            }
            let rank = Int(greeting[1])
            guard greeting[0] == magic, greeting[2] == UInt32(size), (1 ..< size).contains(rank), joined[rank] == nil else {
                throw DistributedError.rejectedPeer("a greeting of rank \(greeting[1]) of \(greeting[2]) processes, "
                    + "this group has \(size)\(joined[rank] == nil ? "" : " and rank \(rank) already joined")")
            }
            joined[rank] = connection
        }
        let peers = (1 ..< size).map { joined[$0]! }
        let answer: [UInt32] = [magic, 0, UInt32(size)]
        for (index, peer) in peers.enumerated() {
            try check(answer.withUnsafeBytes { try peer.send($0, until: deadline) }, peer: index + 1, what: "the group to form", limit: limit)
        }
        return peers
    }

    /// Another process: connects to process 0, greets it and waits for its answer.
    private static func join(rank: Int, size: Int, at address: Address, until deadline: ContinuousClock.Instant,
                             limit: Duration) throws -> Connection {
        guard let connection = try Connection.connect(to: address, until: deadline) else {
            throw DistributedError.coordinatorUnreachable(address: address.description, seconds: seconds(limit))
        }
        let greeting: [UInt32] = [magic, UInt32(rank), UInt32(size)]
        try check(greeting.withUnsafeBytes { try connection.send($0, until: deadline) }, peer: 0, what: "the group to form", limit: limit)
        var answer: [UInt32] = [0, 0, 0]
        try check(answer.withUnsafeMutableBytes { try connection.receive(into: $0, until: deadline) }, peer: 0, what: "the group to form", limit: limit)
        guard answer == [magic, 0, UInt32(size)] else {
            throw DistributedError.rejectedPeer("process 0 at \(address) answered as a group of \(answer[2]) processes, not \(size)")
        }
        return connection
    }

    /// `duration` in seconds.
    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds / 1_000_000_000) / 1e9
    }

    /// The environment variable `name`, nil when unset.
    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}

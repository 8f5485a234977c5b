/// An endless sequence of random keys split from one key
/// (`hk.PRNGSequence`), in Haiku's exact order: `reserve(n)` splits the key
/// into `n + 1`, keeps the first to split again and queues the others;
/// `next()` takes the oldest queued key, reserving one when none is left.
///
/// ```swift
/// var keys = PRNGSequence(42)
/// let first = keys.next()
/// keys.reserve(4)   // one split for the next four keys
/// ```
public struct PRNGSequence {
    /// The key the next reservation splits.
    public private(set) var key: PRNGKey
    /// Keys split off and not yet taken, oldest first.
    public private(set) var reserved: [PRNGKey]

    /// A sequence starting from `key`.
    ///
    /// A key that is not one usable `uint32[2]` key (a batch of keys, a
    /// poisoned key) is ``HaikuError/invalidKey(_:location:)`` or
    /// ``HaikuError/poisonedKey(_:location:)`` naming this call: inside a
    /// transform the run throws it; every key the sequence gives is
    /// poisoned by it (reading one throws), never a trap.
    public init(_ key: PRNGKey, file: String = #fileID, line: Int = #line) {
        if let problem = HaikuError.problem(with: key, location: location(file, line)) {
            self.key = PRNGKey(data: problem.poisoned(TensorType(.uint32, [2])))
        } else {
            self.key = key
        }
        reserved = []
    }

    /// A sequence starting from `PRNGKey(seed)`.
    public init(_ seed: Int) { self.init(PRNGKey(seed)) }

    init(key: PRNGKey, reserved: [PRNGKey]) {
        self.key = key
        self.reserved = reserved
    }

    /// Splits `count` more keys for later `next()` calls, in one split.
    public mutating func reserve(_ count: Int) {
        guard count > 0 else { return }
        let keys = split(key, count + 1)
        key = keys[0]
        reserved += keys.dropFirst()
    }

    /// Reserves or drops keys so exactly `count` are queued (what Haiku does
    /// around loops and branches, so their carried structure is fixed).
    mutating func reserveUpToFull(_ count: Int = 1) {
        if reserved.count < count { reserve(count - reserved.count) }
        if reserved.count > count { reserved.removeLast(reserved.count - count) }
    }

    /// The next key (a poisoned one, never a trap, when the sequence's key
    /// is not a key).
    public mutating func next() -> PRNGKey {
        if reserved.isEmpty { reserve(1) }
        return reserved.isEmpty ? key : reserved.removeFirst()
    }

    /// The next `count` keys, reserving only what is missing in one split
    /// (none for a count below 1, as Haiku's `take`).
    public mutating func take(_ count: Int) -> [PRNGKey] {
        guard count > 0 else { return [] }
        reserve(Swift.max(count - reserved.count, 0))
        return (0..<count).map { _ in next() }
    }
}

/// A dictionary with a capacity that evicts its least recently used entries:
/// the store behind the executable caches (the client's, each `jit`'s, the
/// eager executor's). Not synchronized; callers keep it in a `Mutex`.
///
/// Reads through ``value(for:)`` and writes through ``insert(_:for:)`` count
/// as uses; eviction scans for the oldest use, which is cheap next to the
/// compile that precedes every insertion.
package struct LRUCache<Key: Hashable, Value> {
    private var entries: [Key: (value: Value, lastUse: UInt64)] = [:]
    private var clock: UInt64 = 0

    /// The most entries kept (at least 0); lowering it evicts at once.
    package var capacity: Int {
        didSet { capacity = max(0, capacity); evictOverflow() }
    }

    /// Entries evicted since creation (``removeAll()`` does not count).
    package private(set) var evictions = 0

    /// An empty cache holding at most `capacity` entries.
    package init(capacity: Int) { self.capacity = max(0, capacity) }

    /// The number of entries held.
    package var count: Int { entries.count }

    /// The keys, least recently used first.
    package var keysByRecency: [Key] { entries.sorted { $0.value.lastUse < $1.value.lastUse }.map(\.key) }

    /// The value for `key`, marking it as just used.
    package mutating func value(for key: Key) -> Value? {
        guard let entry = entries[key] else { return nil }
        clock += 1
        entries[key] = (entry.value, clock)
        return entry.value
    }

    /// Stores `value` as the most recently used entry, evicting the least
    /// recently used ones beyond the capacity.
    package mutating func insert(_ value: Value, for key: Key) {
        clock += 1
        entries[key] = (value, clock)
        evictOverflow()
    }

    /// Drops every entry.
    package mutating func removeAll() { entries.removeAll() }

    private mutating func evictOverflow() {
        while entries.count > capacity, let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse })?.key {
            entries[oldest] = nil
            evictions += 1
        }
    }
}

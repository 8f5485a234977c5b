/// A dictionary that keeps its keys sorted: iterating, printing and
/// flattening visit entries in ascending key order, identically from run to
/// run (a Swift `Dictionary`'s order changes with every process).
///
/// Haiku's parameters and state are two levels of it
/// (`Params = SortedDictionary<String, SortedDictionary<String, Tensor>>`),
/// so they print as JAX prints them after any transformation:
///
/// ```swift
/// print(params)   // {'linear': {'b': Array([0., 0.], dtype=float32), 'w': Array(...)}}
/// for (module, bundle) in params { print(module, bundle.keys) }   // linear ["b", "w"]
/// ```
///
/// It reads and writes like a `Dictionary`: literals, `d[key]`,
/// `d[key, default:]`, `mapValues`, `filter`, `merging`, `keys`, `values`.
public struct SortedDictionary<Key: Hashable & Comparable, Value> {
    /// The keys, ascending.
    public private(set) var keys: [Key]
    /// The values, in the order of ``keys``.
    public private(set) var values: [Value]

    /// An empty dictionary.
    public init() {
        keys = []
        values = []
    }

    /// The entries of `dictionary`, sorted by key.
    public init(_ dictionary: [Key: Value]) {
        let sorted = dictionary.sorted { $0.key < $1.key }
        keys = sorted.map(\.key)
        values = sorted.map(\.value)
    }

    /// The given pairs; a key given twice keeps `combine(old, new)`.
    public init(_ pairs: some Sequence<(Key, Value)>, uniquingKeysWith combine: (Value, Value) throws -> Value) rethrows {
        self.init()
        for (key, value) in pairs {
            if let existing = self[key] { self[key] = try combine(existing, value) } else { self[key] = value }
        }
    }

    /// The given pairs, whose keys differ; a repeated key keeps the last value.
    public init(uniqueKeysWithValues pairs: some Sequence<(Key, Value)>) {
        self.init(pairs) { _, last in last }
    }

    /// Where `key` is or would be inserted, and whether it is there.
    private func position(of key: Key) -> (index: Int, found: Bool) {
        var low = 0
        var high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if keys[middle] < key { low = middle + 1 } else { high = middle }
        }
        return (low, low < keys.count && keys[low] == key)
    }

    /// The value for `key`; assigning nil removes the entry.
    public subscript(key: Key) -> Value? {
        get {
            let (index, found) = position(of: key)
            return found ? values[index] : nil
        }
        set {
            let (index, found) = position(of: key)
            switch (found, newValue) {
            case let (true, value?): values[index] = value
            case (true, nil):
                keys.remove(at: index)
                values.remove(at: index)
            case let (false, value?):
                keys.insert(key, at: index)
                values.insert(value, at: index)
            case (false, nil): break
            }
        }
    }

    /// The value for `key`, or `defaultValue` (inserted when written to).
    public subscript(key: Key, default defaultValue: @autoclosure () -> Value) -> Value {
        get { self[key] ?? defaultValue() }
        _modify {
            let (index, found) = position(of: key)
            if !found {
                keys.insert(key, at: index)
                values.insert(defaultValue(), at: index)
            }
            yield &values[index]
        }
    }

    /// Removes and returns the value for `key`, if any.
    @discardableResult
    public mutating func removeValue(forKey key: Key) -> Value? {
        let value = self[key]
        self[key] = nil
        return value
    }

    /// The same keys with each value transformed.
    public func mapValues<T>(_ transform: (Value) throws -> T) rethrows -> SortedDictionary<Key, T> {
        var result = SortedDictionary<Key, T>()
        result.keys = keys
        result.values = try values.map(transform)
        return result
    }

    /// The keys whose transformed value is not nil, with that value.
    public func compactMapValues<T>(_ transform: (Value) throws -> T?) rethrows -> SortedDictionary<Key, T> {
        var result = SortedDictionary<Key, T>()
        for (key, value) in zip(keys, values) {
            if let mapped = try transform(value) {
                result.keys.append(key)
                result.values.append(mapped)
            }
        }
        return result
    }

    /// The entries for which `isIncluded` is true.
    public func filter(_ isIncluded: ((key: Key, value: Value)) throws -> Bool) rethrows -> SortedDictionary {
        var result = SortedDictionary()
        for entry in self where try isIncluded(entry) {
            result.keys.append(entry.key)
            result.values.append(entry.value)
        }
        return result
    }

    /// This dictionary with `other`'s entries added; a key in both keeps
    /// `combine(mine, theirs)`.
    public func merging(_ other: SortedDictionary,
                        uniquingKeysWith combine: (Value, Value) throws -> Value) rethrows -> SortedDictionary {
        var result = self
        try result.merge(other, uniquingKeysWith: combine)
        return result
    }

    /// Adds `other`'s entries; a key in both keeps `combine(mine, theirs)`.
    public mutating func merge(_ other: SortedDictionary, uniquingKeysWith combine: (Value, Value) throws -> Value) rethrows {
        for (key, value) in other {
            if let existing = self[key] { self[key] = try combine(existing, value) } else { self[key] = value }
        }
    }

    /// The entries as a Swift `Dictionary` (unordered).
    public var dictionary: [Key: Value] { Dictionary(uniqueKeysWithValues: zip(keys, values)) }
}

extension SortedDictionary: RandomAccessCollection {
    /// An entry: its key and value, as a `Dictionary`'s elements.
    public typealias Element = (key: Key, value: Value)

    /// A position among the entries in key order (its own type, so that
    /// `d[key]` stays unambiguous when keys are integers).
    public struct Index: Comparable, Hashable, Sendable {
        /// The entry's offset in key order.
        public let offset: Int
        /// Orders by offset.
        public static func < (lhs: Index, rhs: Index) -> Bool { lhs.offset < rhs.offset }
    }

    /// The first entry's position.
    public var startIndex: Index { Index(offset: 0) }
    /// One past the last entry.
    public var endIndex: Index { Index(offset: keys.count) }
    /// The next position.
    public func index(after position: Index) -> Index { Index(offset: position.offset + 1) }
    /// The previous position.
    public func index(before position: Index) -> Index { Index(offset: position.offset - 1) }
    /// The position `distance` entries away.
    public func index(_ position: Index, offsetBy distance: Int) -> Index { Index(offset: position.offset + distance) }
    /// The number of entries between two positions.
    public func distance(from start: Index, to end: Index) -> Int { end.offset - start.offset }
    /// The entry at `position`.
    public subscript(position: Index) -> Element { (keys[position.offset], values[position.offset]) }
}

extension SortedDictionary: ExpressibleByDictionaryLiteral {
    /// `["linear": ["w": w, "b": b]]`; a repeated key keeps its last value.
    public init(dictionaryLiteral elements: (Key, Value)...) {
        self.init(uniqueKeysWithValues: elements)
    }
}

extension SortedDictionary: Equatable where Value: Equatable {}
extension SortedDictionary: Hashable where Value: Hashable {}
extension SortedDictionary: Sendable where Key: Sendable, Value: Sendable {}

extension SortedDictionary: CustomStringConvertible, CustomDebugStringConvertible {
    /// As Python prints a dict, in key order: `{'b': Array([0.], dtype=float32), 'w': ...}`;
    /// string keys are quoted, values written as `String(reflecting:)` does
    /// (a tensor as JAX's `repr`).
    public var description: String {
        let entries = zip(keys, values).map { key, value in
            let name = key is String ? "'\(key)'" : "\(key)"
            return "\(name): \(String(reflecting: value))"
        }
        return "{" + entries.joined(separator: ", ") + "}"
    }

    /// The same as ``description``.
    public var debugDescription: String { description }
}

extension SortedDictionary: TensorTree where Value: TensorTree {
    /// Maps values' leaves in key order.
    public func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> SortedDictionary {
        try mapValues { try $0.mapTensors(transform) }
    }
    /// `{key=value...}` in key order, as a `Dictionary` with the same entries.
    public func appendStructure(to key: inout String) {
        key += "{"
        // By index: iterating entries builds a (key, value) tuple, whose type
        // unspecialized code looks up at run time for every entry.
        for index in keys.indices {
            key.appendStructureKey(keys[index])
            values[index].appendStructure(to: &key)
        }
        key += "}"
    }
    /// Values' leaves in key order.
    public func appendLeaves(to leaves: inout [Tensor]) {
        for value in values { value.appendLeaves(to: &leaves) }
    }
}

extension SortedDictionary: Decodable where Key: Decodable, Value: Decodable {
    /// Decodes what a `Dictionary` with these keys and values decodes (a
    /// JSON object for string keys).
    public init(from decoder: any Decoder) throws {
        self.init(try [Key: Value](from: decoder))
    }
}

extension SortedDictionary: Encodable where Key: Encodable, Value: Encodable {
    /// Encodes as a `Dictionary` with these entries.
    public func encode(to encoder: any Encoder) throws {
        try dictionary.encode(to: encoder)
    }
}

import XLAIR
import XLARuntime

/// Splits a key into `count` new keys, as `jax.random.split(key, count)`.
///
/// ```swift
/// let keys = split(PRNGKey(0), 3)   // three independent keys
/// ```
///
/// The keys depend on ``Configuration/threefryPartitionable``: off (the
/// default here, JAX's behaviour before 0.5) they are the threefry hash of
/// the counts `0..<2·count`, taken in pairs; on (JAX's default today) key
/// `i` is the hash of the counter pair `(0, i)`.
///
/// - Parameters:
///   - key: a single key.
///   - count: how many keys to make (2 by default).
/// - Returns: the keys; poisoned keys (throwing when read) for a batch of
///   keys, a non-key or a negative count; a single key poisoned with
///   ``XLARuntime/XLAError/resourceExhausted(bytes:message:during:)`` when
///   the host cannot hold `count` keys.
public func split(_ key: PRNGKey, _ count: Int = 2, file: String = #fileID, line: Int = #line) -> [PRNGKey] {
    let keyBytes = count.multipliedReportingOverflow(by: MemoryLayout<PRNGKey>.stride)
    do {
        try HostMemory.check(keyBytes.overflow ? .max : keyBytes.partialValue, during: "splitting a key into \(count) keys")
    } catch {
        return [PRNGKey(unchecked: Tensor(failure: .runtime(error), type: TensorType(.uint32, [2])))]
    }
    if let poisoned = invalidSplit(key, [count], location(file, line)) {
        // One poisoned key per key asked for, so that callers indexing them never trap.
        let one = poisoned.data.error.map { PRNGKey(unchecked: .poisoned($0, type: TensorType(.uint32, [2]))) } ?? poisoned
        return Array(repeating: one, count: Swift.max(count, 1))
    }
    return EagerProgram.run("split-list", static: "\(count)", key) { key in
        let keys = splitKeys(key, [count])
        return (0..<count).map { keys[$0] }
    }
}

/// Splits a key into a batch of keys of `shape`: a ``PRNGKey`` whose
/// ``PRNGKey/batchShape`` is `shape` (as `jax.random.split(key, shape)`).
public func split(_ key: PRNGKey, shape: [Int], file: String = #fileID, line: Int = #line) -> PRNGKey {
    if let poisoned = invalidSplit(key, shape, location(file, line)) { return poisoned }
    return EagerProgram.run("split", static: "\(shape)", key) { splitKeys($0, shape) }
}

/// A poisoned key when `key` is not a single key, or `shape` is negative or
/// too large for XLA.
private func invalidSplit(_ key: PRNGKey, _ shape: [Int], _ place: String?) -> PRNGKey? {
    if case let .failure(error) = key.halves(for: "split", location: place) {
        return PRNGKey(unchecked: .poisoned(error, type: TensorType(.uint32, shape.map { Swift.max($0, 0) } + [2])))
    }
    if shape.contains(where: { $0 < 0 }) {
        return PRNGKey(unchecked: Tensor.invalid("split", [key.data], "the number of keys \(shape) is negative",
                                                 location: place, result: TensorType(.uint32, [2])))
    }
    let keys = TensorType(.uint32, shape + [2])
    guard let problem = keys.sizeProblem else { return nil }
    return PRNGKey(unchecked: Tensor.invalid("split", [key.data], "the keys, \(keys), \(problem)",
                                             location: place, result: TensorType(.uint32, [2])))
}

/// The keys of a split in the current mode (`key` is a single key).
func splitKeys(_ key: PRNGKey, _ shape: [Int]) -> PRNGKey {
    guard case let .success(halves) = key.halves(for: "split", location: nil) else { return key }
    if Configuration.threefryPartitionable {
        let bits = Threefry.hash(halves, Threefry.wideCounter(shape))
        return PRNGKey(unchecked: stack([bits.0, bits.1], axis: shape.count))
    }
    let count = shape.reduce(1, *)
    return PRNGKey(unchecked: Threefry.hash(halves, counts: Threefry.counter([2 * count])).reshaped(shape + [2]))
}

/// A new key made by folding `data` into `key`, as
/// `jax.random.fold_in(key, data)`: the threefry hash of the counter pair
/// `(0, data)`. The same in both split modes. A `data` outside
/// `0...UInt32.max` gives a poisoned key, as JAX raises `OverflowError`
/// for such a Python `int`.
///
/// ```swift
/// let stepKey = foldIn(key, step)
/// ```
public func foldIn(_ key: PRNGKey, _ data: Int, file: String = #fileID, line: Int = #line) -> PRNGKey {
    foldIn(key, Tensor(data, dtype: .uint32, file: file, line: line), file: file, line: line)
}

/// Folds a scalar integer tensor (for example a loop index inside `jit`)
/// into `key`; its value is wrapped to 32 bits.
public func foldIn(_ key: PRNGKey, _ data: Tensor, file: String = #fileID, line: Int = #line) -> PRNGKey {
    let place = location(file, line)
    if case let .failure(error) = key.halves(for: "foldIn", location: place) {
        return PRNGKey(unchecked: .poisoned(error, type: TensorType(.uint32, [2])))
    }
    guard data.rank == 0, data.dtype.isInteger else {
        return PRNGKey(unchecked: Tensor.invalid("foldIn", [data], "the data to fold in must be a scalar integer",
                                                 location: place, result: TensorType(.uint32, [2])))
    }
    return EagerProgram.run("foldIn", static: "", key, data) { key, data in
        guard case let .success(halves) = key.halves(for: "foldIn", location: nil) else { return key }
        let bits = Threefry.hash(halves, (Tensor(UInt32(0)), data.converted(to: .uint32)))
        return PRNGKey(unchecked: stack([bits.0, bits.1]))
    }
}

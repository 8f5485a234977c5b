/// A fresh random key from the key given to `initialize`/`apply`
/// (`hk.next_rng_key`): unique within the run, the same for the same key.
///
/// Without a key (`rng: nil`), the run throws ``HaikuError/missingRNG(location:)``.
public func nextRNGKey(file: String = #fileID, line: Int = #line) -> PRNGKey {
    Frame.current?.singleKeysDrawn += 1
    return nextRNGKeys(1, file: file, line: line)[0]
}

/// `count` fresh random keys, split at once (`hk.next_rng_keys`).
///
/// A count below 1 gives no keys, and inside a transform the run throws
/// ``HaikuError/invalidArgument(_:location:)``, as `hk.next_rng_keys`
/// raises `ValueError` (it stacks the keys).
public func nextRNGKeys(_ count: Int, file: String = #fileID, line: Int = #line) -> [PRNGKey] {
    if count < 1, let frame = Frame.current {
        _ = frame.fail(.invalidArgument("nextRNGKeys needs a count of at least 1, not \(count)", location: location(file, line)))
        return []
    }
    return withSequence("nextRNGKey", location: location(file, line), count: count) { $0.take(count) }
}

/// A fresh key, or nil when the run got no key (`hk.maybe_next_rng_key`).
public func maybeNextRNGKey(file: String = #fileID, line: Int = #line) -> PRNGKey? {
    if let frame = Frame.current, frame.rngStack.last! == nil { return nil }
    return nextRNGKey(file: file, line: line)
}

/// Splits `count` keys now for the next `count` ``nextRNGKey(file:line:)``
/// calls, in one split (`hk.reserve_rng_keys`).
public func reserveRNGKeys(_ count: Int, file: String = #fileID, line: Int = #line) {
    _ = withSequence("reserveRNGKeys", location: location(file, line), count: 0) { sequence -> [PRNGKey] in
        sequence.reserve(count)
        return []
    }
}

/// Runs `body` drawing keys from a sequence started at `key` instead of the
/// run's (`hk.with_rng`). A `key` that is not one usable key makes the run
/// throw ``HaikuError/invalidKey(_:location:)`` or
/// ``HaikuError/poisonedKey(_:location:)`` naming this call.
public func withRNG<Result>(
    _ key: PRNGKey, file: String = #fileID, line: Int = #line, _ body: () throws -> Result
) rethrows -> Result {
    guard let frame = Frame.current else { return try body() }
    frame.rngStack.append(PRNGSequence(key, file: file, line: line))
    defer { frame.rngStack.removeLast() }
    return try body()
}

/// Whether the code runs in `initialize` (`hk.running_init`): true while
/// initializing, false in `apply` and outside transforms.
public func runningInit() -> Bool { Frame.current?.isInitializing ?? false }

/// Runs `draw` on the current key sequence, or poisons `count` keys with
/// the error of a missing sequence.
private func withSequence(
    _ function: String, location: String?, count: Int, _ draw: (inout PRNGSequence) -> [PRNGKey]
) -> [PRNGKey] {
    if let frame = Frame.current, var sequence = frame.rngStack.last ?? nil {
        let keys = draw(&sequence)
        frame.rngStack[frame.rngStack.count - 1] = sequence
        return keys
    }
    let error: HaikuError = Frame.current == nil ? .outsideTransform(function: function, location: location)
        : .missingRNG(location: location)
    let poisoned = error.poisoned(TensorType(.uint32, [2]))
    return Array(repeating: PRNGKey(data: poisoned), count: Swift.max(count, 0))
}

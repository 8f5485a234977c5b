extension HaikuError {
    /// What is wrong with `key` as the one key a run, ``withRNG(_:file:line:_:)``
    /// or a ``PRNGSequence`` starts from: nil for a single `uint32[2]` key,
    /// ``HaikuError/poisonedKey(_:location:)`` for a key an earlier mistake
    /// poisoned (a wrong dtype or shape given to `PRNGKey(data:)`, a failed
    /// op), ``HaikuError/invalidKey(_:location:)`` for another type (a batch
    /// of keys).
    static func problem(with key: PRNGKey, location: String?) -> HaikuError? {
        if let cause = key.poisoningError { return .poisonedKey(cause, location: location) }
        guard key.data.dtype == .uint32, key.data.shape == [2] else { return .invalidKey(key.data.type, location: location) }
        return nil
    }
}

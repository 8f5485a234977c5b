/// A fresh random key from the current transform's key sequence
/// (`hk.next_rng_key`). Stub: replaced by the frame implementation.
public func nextRNGKey(file: String = #fileID, line: Int = #line) -> PRNGKey {
    fatalError("nextRNGKey is not implemented yet")
}

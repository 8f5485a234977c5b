/// Runs `body` after splitting, in one split, as many keys as it will draw
/// with ``nextRNGKey(file:line:)`` (`hk.experimental.optimize_rng_use`):
/// `body` is first traced without effect (nothing it does to parameters,
/// state, keys or names stays) to count its draws, then
/// ``reserveRNGKeys(_:file:line:)`` reserves that many and `body` runs. For
/// a large model this makes `initialize` split the key once instead of
/// once per random parameter. The keys, and so the values, differ from a
/// run without it, exactly as in Haiku.
///
/// ```swift
/// let f = transform { (x: Tensor) in optimizeRNGUse { MLP([300, 100, 10])(x) } }
/// let params = try f.initialize(rng: PRNGKey(42), Tensor.ones([1, 1]))
/// ```
///
/// As Haiku's, it counts the single keys drawn (`nextRNGKey`,
/// `maybeNextRNGKey`, also under ``withRNG(_:file:line:_:)``), not those of
/// ``nextRNGKeys(_:file:line:)``. Outside a transform it just runs `body`.
///
/// - Throws: `body`'s error.
public func optimizeRNGUse<Result>(file: String = #fileID, line: Int = #line, _ body: () throws -> Result) throws -> Result {
    guard let frame = Frame.current else { return try body() }
    let checkpoint = frame.checkpoint()
    let before = frame.singleKeysDrawn
    // The counting run: traced only, its effects undone below; an error it
    // makes is made again, and reported, by the real run.
    _ = try? withoutActuallyEscaping(body) { body in
        try evalShape({ () -> [Tensor] in
            _ = try body()
            return []
        })
    }
    let count = frame.singleKeysDrawn - before
    checkpoint.restore()
    frame.singleKeysDrawn = before
    if count > 0 { reserveRNGKeys(count, file: file, line: line) }
    return try body()
}

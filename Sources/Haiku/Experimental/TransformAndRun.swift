/// Transforms `body` with state, initializes it with the key of `seed` and
/// applies it with the key of `seed + 1`, returning the output
/// (`hk.testing.transform_and_run`): a test can use modules directly.
///
/// ```swift
/// @Test func bias() throws {
///     let y = try transformAndRun { Bias()(Tensor.ones([1, 1])) }
///     #expect(try y.scalars(as: Float.self) == [1])
/// }
/// ```
///
/// Haiku's `run_apply=False` (initialize only) is
/// `transformWithState(body).initialize(rng:)`, and its `jax_transform` is
/// calling `jit` on the function yourself.
///
/// - Parameters:
///   - seed: the seed of the initialization key (the application's is
///     `seed + 1`); nil for no keys (a function that draws no random numbers).
/// - Throws: ``HaikuError/invalidArgument(_:location:)`` for a seed whose
///   successor overflows, or what `initialize` and `apply` throw.
public func transformAndRun<Output: TensorTree>(
    seed: Int? = 42, file: String = #fileID, line: Int = #line, _ body: @escaping () throws -> Output
) throws -> Output {
    var keys: (initialize: PRNGKey, apply: PRNGKey)?
    if let seed {
        let (next, overflow) = seed.addingReportingOverflow(1)
        guard !overflow else {
            throw HaikuError.invalidArgument("transformAndRun's seed \(seed) has no successor for the apply key",
                                             location: location(file, line))
        }
        keys = (PRNGKey(seed), PRNGKey(next))
    }
    let transformed = transformWithState(body, file: file, line: line)
    let (params, state) = try transformed.initialize(rng: keys?.initialize, file: file, line: line)
    return try transformed.apply(params, state, rng: keys?.apply, file: file, line: line).output
}

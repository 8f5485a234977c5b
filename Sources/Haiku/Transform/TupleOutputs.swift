/// ``transform(_:file:line:)`` for a function with several outputs:
/// `apply` returns them as a Swift tuple.
///
/// ```swift
/// let forward = transform { (x: Tensor) in
///     let hidden = Linear(16)(x)
///     return (Linear(10)(relu(hidden)), hidden)
/// }
/// let params = try forward.initialize(rng: PRNGKey(0), x)
/// let (logits, hidden) = try forward.apply(params, x)
/// ```
public func transform<each Input: TensorTree, each Output: TensorTree>(
    _ function: @escaping (repeat each Input) throws -> (repeat each Output), file: String = #fileID, line: Int = #line
) -> Transformed<repeat each Input, TupleTree<repeat each Output>> {
    transform(packingResults(function), file: file, line: line)
}

/// ``transformWithState(_:file:line:)`` for a function with several
/// outputs: `apply` returns them as a Swift tuple beside the state.
public func transformWithState<each Input: TensorTree, each Output: TensorTree>(
    _ function: @escaping (repeat each Input) throws -> (repeat each Output), file: String = #fileID, line: Int = #line
) -> TransformedWithState<repeat each Input, TupleTree<repeat each Output>> {
    transformWithState(packingResults(function), file: file, line: line)
}

extension Transformed {
    /// The function's outputs as a tuple (`apply` of a function made by the
    /// tuple-output ``transform(_:file:line:)``).
    public func apply<each Element>(
        _ params: Params, rng: PRNGKey? = nil, _ inputs: repeat each Input, file: String = #fileID, line: Int = #line
    ) throws -> (repeat each Element) where Output == TupleTree<repeat each Element> {
        let packed: Output = try apply(params, rng: rng, repeat each inputs, file: file, line: line)
        return packed.elements
    }
}

extension TransformedWithState {
    /// The function's outputs as a tuple, and the updated state (`apply` of
    /// a function made by the tuple-output ``transformWithState(_:file:line:)``).
    public func apply<each Element>(
        _ params: Params, _ state: State, rng: PRNGKey? = nil, _ inputs: repeat each Input,
        file: String = #fileID, line: Int = #line
    ) throws -> (output: (repeat each Element), state: State) where Output == TupleTree<repeat each Element> {
        let (packed, state): (Output, State) = try apply(params, state, rng: rng, repeat each inputs, file: file, line: line)
        return (packed.elements, state)
    }
}

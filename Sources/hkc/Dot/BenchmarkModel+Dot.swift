import Haiku

extension BenchmarkModel {
    /// Graphviz DOT text of the network's `apply` on zeros of
    /// ``inputShape(batch:)`` (Haiku's `to_dot`), titled with the model's
    /// name. Parameters and state are only shapes: the function is traced,
    /// not initialized nor run.
    func dot(batch: Int) throws -> String {
        try useForwardPass(batch: batch, ApplyGraph(name: rawValue))
    }
}

/// The graph of a forward pass's `apply`, with the shapes of the
/// parameters and state `initialize` would make (from `evalShape`).
private struct ApplyGraph: ForwardPassUse {
    /// The graph's title.
    let name: String

    func callAsFunction<Output: TensorTree>(_ forward: Transformed<Tensor, Output>, _ input: Tensor) throws -> String {
        let params = try evalShape({ (x: Tensor) in try forward.initialize(rng: PRNGKey(0), x) }, input)
        return try abstractToDot({ (params: Params, x: Tensor) in try forward.apply(params, rng: PRNGKey(0), x) },
                                 params, input, name: name)
    }

    func callAsFunction<Output: TensorTree>(_ forward: TransformedWithState<Tensor, Output>, _ input: Tensor) throws -> String {
        let params = try evalShape({ (x: Tensor) in try forward.initialize(rng: PRNGKey(0), x).params }, input)
        let state = try evalShape({ (x: Tensor) in try forward.initialize(rng: PRNGKey(0), x).state }, input)
        return try abstractToDot({ (params: Params, state: State, x: Tensor) in
            try forward.apply(params, state, rng: PRNGKey(0), x).output
        }, params, state, input, name: name)
    }
}

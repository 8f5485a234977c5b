import Haiku

extension BenchmarkModel {
    /// Graphviz DOT text of the network's `apply` on zeros of
    /// ``inputShape(batch:)`` (Haiku's `to_dot`), titled with the model's
    /// name. Parameters and state are only shapes: the function is traced,
    /// not initialized nor run.
    func dot(batch: Int) throws -> String {
        let input = Tensor.zeros(inputShape(batch: batch), dtype: inputType)
        if let network = statefulNetwork { return try applyGraph(network.forward(isTraining: true), input) }
        switch self {
        case .cnn: return try applyGraph(MNISTModel.cnn.forward, input)
        case .lstm: return try applyGraph(LSTMSequenceModel.forward, input)
        case .transformer: return try applyGraph(TransformerSequenceModel.forward, input)
        case .vqvae: return try applyGraph(VQVAEBenchmarkModel.forward, input)
        default: return try applyGraph(MNISTModel.mlp.forward, input)  // .mlp: the stateful networks returned above
        }
    }

    /// The graph of `transformed`'s `apply` with the shapes of the
    /// parameters `initialize` would make.
    private func applyGraph<Output: TensorTree>(_ transformed: Transformed<Tensor, Output>, _ input: Tensor) throws -> String {
        let params = try evalShape({ (x: Tensor) in try transformed.initialize(rng: PRNGKey(0), x) }, input)
        return try abstractToDot({ (params: Params, x: Tensor) in try transformed.apply(params, rng: PRNGKey(0), x) },
                                 params, input, name: "\(self)")
    }

    /// The graph of `transformed`'s `apply` with the shapes of the
    /// parameters and state `initialize` would make.
    private func applyGraph<Output: TensorTree>(_ transformed: TransformedWithState<Tensor, Output>, _ input: Tensor) throws -> String {
        let params = try evalShape({ (x: Tensor) in try transformed.initialize(rng: PRNGKey(0), x).params }, input)
        let state = try evalShape({ (x: Tensor) in try transformed.initialize(rng: PRNGKey(0), x).state }, input)
        return try abstractToDot({ (params: Params, state: State, x: Tensor) in
            try transformed.apply(params, state, rng: PRNGKey(0), x).output
        }, params, state, input, name: "\(self)")
    }
}

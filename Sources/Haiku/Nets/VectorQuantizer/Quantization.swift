/// What ``VectorQuantizer`` and ``VectorQuantizerEMA`` share: the checks
/// of their sizes and input, the nearest-embedding search over a codebook
/// `[embeddingDim, numEmbeddings]`, the lookup of embeddings by index and
/// the output with the straight-through estimator and the perplexity.
struct Quantization {
    /// The size of each embedding (the input's last dimension).
    let embeddingDim: Int
    /// How many embeddings the codebook holds.
    let numEmbeddings: Int
    /// The codebook's dtype.
    let dtype: ElementType
    /// The named `vmap` axis the perplexity (and the EMA's statistics) are
    /// combined over, or nil.
    let crossReplicaAxis: String?

    /// The codebook's shape, `[embeddingDim, numEmbeddings]`.
    var codebookShape: [Int] { [embeddingDim, numEmbeddings] }

    /// Haiku's initializer of the codebook: `VarianceScaling` with a uniform distribution.
    static let codebookInitializer = VarianceScaling(distribution: .uniform)

    /// Positive sizes, and a bound axis when `crossReplicaAxis` is given.
    func checkConfiguration() throws(HaikuError) {
        guard embeddingDim > 0, numEmbeddings > 0 else {
            throw HaikuError.invalidArgument(
                "embedding_dim (\(embeddingDim)) and num_embeddings (\(numEmbeddings)) must be positive", location: nil)
        }
        if let crossReplicaAxis, let problem = collectiveProblem(axisName: crossReplicaAxis) {
            throw HaikuError.invalidArgument("cross_replica_axis: \(problem)", location: nil)
        }
    }

    /// An input of at least one axis whose last dimension is `embeddingDim`.
    func checkInputs(_ inputs: Tensor) throws(HaikuError) {
        guard inputs.shape.last == embeddingDim else {
            throw HaikuError.invalidArgument(
                "the input's last dimension must be embedding_dim \(embeddingDim), but the input has shape \(inputs.shape)",
                location: nil)
        }
    }

    /// The squared distances `[N, K]` of the input's vectors to the
    /// embeddings (`|x|² - 2·x·e + |e|²`), the input flattened to
    /// `[N, embeddingDim]`, and the one-hot encodings and indices of the
    /// nearest embeddings (the first on ties).
    func nearest(_ inputs: Tensor, codebook: Tensor) -> (flat: Tensor, distances: Tensor, encodings: Tensor, indices: Tensor) {
        let flat = inputs.reshaped([-1, embeddingDim])
        let distances = square(flat).sum(axes: [1], keepDims: true)
            - Tensor(2, dtype: flat.dtype) * matmul(flat, codebook)
            + square(codebook).sum(axes: [0], keepDims: true)
        let indices = (-distances).argmax(axis: 1)
        let encodings = oneHot(indices, count: numEmbeddings, dtype: distances.dtype)
        return (flat, distances, encodings, indices.reshaped(Array(inputs.shape.dropLast())))
    }

    /// The embeddings of `indices`: `[..., embeddingDim]` (an index out of
    /// range is clamped, as JAX's indexing does); indices that are not
    /// integers are `module`'s error.
    func lookup(_ indices: Tensor, codebook: () -> Tensor, module: Module) -> Tensor {
        do throws(HaikuError) {
            try checkConfiguration()
            guard indices.dtype.isInteger else {
                throw HaikuError.invalidArgument("encoding indices must be integers, not \(indices.dtype)", location: nil)
            }
        } catch {
            return module.invalidArgument(error.reason).poisoned(TensorType(dtype, indices.shape + [embeddingDim]))
        }
        return take(codebook().transposed(), indices, axis: 0, mode: .promiseInBounds)
    }

    /// `mean((stopGradient(quantized) - inputs)²)`: the commitment term,
    /// which pulls the inputs towards their embeddings.
    static func commitmentLoss(_ inputs: Tensor, quantized: Tensor) -> Tensor {
        square(stopGradient(quantized) - inputs).mean()
    }

    /// The output: `quantized` through the straight-through estimator, and
    /// the perplexity of the encodings' average (averaged over
    /// `crossReplicaAxis` first when there is one).
    func output(inputs: Tensor, quantized: Tensor, loss: Tensor, encodings: Tensor, indices: Tensor,
                distances: Tensor) -> VectorQuantizerOutput {
        var averageProbabilities = encodings.mean(axes: [0])
        if let crossReplicaAxis { averageProbabilities = pmean(averageProbabilities, axisName: crossReplicaAxis) }
        let entropy = (averageProbabilities * log(averageProbabilities + Tensor(1e-10, dtype: averageProbabilities.dtype))).sum()
        return VectorQuantizerOutput(quantize: inputs + stopGradient(quantized - inputs), loss: loss,
                                     perplexity: exp(-entropy), encodings: encodings, encodingIndices: indices,
                                     distances: distances)
    }

    /// The configuration entries of a module: the sizes, `commitmentCost`,
    /// `extra`, then `dtype` and `crossReplicaAxis` when not Haiku's defaults.
    func configuration(commitmentCost: Double, extra: [String] = []) -> [String] {
        ["embeddingDim: \(embeddingDim)", "numEmbeddings: \(numEmbeddings)", "commitmentCost: \(commitmentCost)"] + extra
            + (dtype == .float32 ? [] : ["dtype: \(dtype)"])
            + (crossReplicaAxis.map { ["crossReplicaAxis: \"\($0)\""] } ?? [])
    }

    /// `body`'s output when `moduleCheck`, the shared configuration checks
    /// and the input's check pass; otherwise an output poisoned by the
    /// error, named after `module`.
    func quantizing(_ inputs: Tensor, module: Module, check moduleCheck: () throws(HaikuError) -> Void = {},
                    _ body: () -> VectorQuantizerOutput) -> VectorQuantizerOutput {
        do throws(HaikuError) {
            try moduleCheck()
            try checkConfiguration()
            try checkInputs(inputs)
        } catch {
            return poisonedOutput(module.invalidArgument(error.reason), inputs: inputs)
        }
        return body()
    }

    /// An output of the types a valid call would give, every tensor
    /// poisoned by `error` (which the running `initialize`/`apply` throws).
    private func poisonedOutput(_ error: HaikuError, inputs: Tensor) -> VectorQuantizerOutput {
        let leading = Array(inputs.shape.dropLast())
        let rows = inputs.shape.last.map { $0 > 0 ? inputs.size / $0 : 0 } ?? 1
        let scalar = error.poisoned(TensorType(inputs.dtype, []))
        let table = error.poisoned(TensorType(inputs.dtype, [rows, numEmbeddings]))
        return VectorQuantizerOutput(quantize: error.poisoned(inputs.type), loss: scalar, perplexity: scalar,
                                     encodings: table, encodingIndices: error.poisoned(TensorType(.int32, leading)),
                                     distances: table)
    }
}

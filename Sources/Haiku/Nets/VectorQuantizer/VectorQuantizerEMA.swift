/// The vector-quantization layer of VQ-VAE with embeddings learned by
/// exponential moving averages (`hk.nets.VectorQuantizerEMA`,
/// https://arxiv.org/abs/1711.00937): like ``VectorQuantizer``, but the
/// embeddings are state, moved in training towards the mean of the inputs
/// assigned to them, independently of the optimizer.
///
/// ```swift
/// let vq = VectorQuantizerEMA(embeddingDim: 64, numEmbeddings: 512, commitmentCost: 0.25, decay: 0.99)
/// let out = vq(z, isTraining: true)    // updates the embeddings
/// ```
///
/// In training, with `n_k` the inputs assigned to embedding `k` and `s_k`
/// their sum, the moving averages `N_k` of `n_k` and `m_k` of `s_k` are
/// updated and embedding `k` becomes `m_k / N'_k`, where
/// `N'_k = (N_k + epsilon) / (Σ N + K · epsilon) · Σ N` (Laplace smoothing).
/// The loss is the commitment term alone,
/// `commitmentCost · mean((stopGradient(quantized) - x)²)`. With
/// `crossReplicaAxis`, `n_k`, `s_k` and the perplexity are combined over
/// that named `vmap` axis.
///
/// State: `embeddings [embeddingDim, numEmbeddings]` (`VarianceScaling`
/// with a uniform distribution) in `dtype`, and the submodules
/// `ema_cluster_size` (`[numEmbeddings]`) and `ema_dw`
/// (`[embeddingDim, numEmbeddings]`), ``ExponentialMovingAverage``s with
/// `hidden`, `average` and `counter`, created by the first training call.
public final class VectorQuantizerEMA: Module {
    /// The size of each embedding, which the input's last dimension must equal.
    public let embeddingDim: Int
    /// How many embeddings the codebook holds.
    public let numEmbeddings: Int
    /// The weight of the commitment loss (the paper's β).
    public let commitmentCost: Double
    /// The decay of the moving averages, in `[0, 1]` as Haiku checks (1
    /// itself is the moving averages' error: they need `[0, 1)`).
    public let decay: Double
    /// Added to every cluster size (Laplace smoothing).
    public let epsilon: Double
    /// The dtype of the embeddings and the moving averages.
    public let dtype: ElementType
    /// The named `vmap` axis the statistics and perplexity are combined over, or nil.
    public let crossReplicaAxis: String?
    /// The moving average of the cluster sizes (`ema_cluster_size`).
    public let emaClusterSize: ExponentialMovingAverage
    /// The moving average of the sums of the inputs per embedding (`ema_dw`).
    public let emaDW: ExponentialMovingAverage
    private var quantization: Quantization {
        Quantization(embeddingDim: embeddingDim, numEmbeddings: numEmbeddings, dtype: dtype,
                     crossReplicaAxis: crossReplicaAxis)
    }

    /// A quantizer of `numEmbeddings` embeddings of size `embeddingDim`; a
    /// decay outside `[0, 1]` or sizes that are not positive are an error
    /// when the module is called.
    public init(embeddingDim: Int, numEmbeddings: Int, commitmentCost: Double, decay: Double, epsilon: Double = 1e-5,
                dtype: ElementType = .float32, crossReplicaAxis: String? = nil, name: ModuleName = nil) {
        (self.embeddingDim, self.numEmbeddings, self.commitmentCost) = (embeddingDim, numEmbeddings, commitmentCost)
        (self.decay, self.epsilon, self.dtype, self.crossReplicaAxis) = (decay, epsilon, dtype, crossReplicaAxis)
        emaClusterSize = ExponentialMovingAverage(decay: decay, name: "ema_cluster_size")
        emaDW = ExponentialMovingAverage(decay: decay, name: "ema_dw")
        super.init(name: name)
    }

    /// `embeddingDim: 64, numEmbeddings: 512, commitmentCost: 0.25, decay: 0.99`,
    /// and the other arguments that differ from Haiku's defaults.
    public override var configuration: [String] {
        quantization.configuration(commitmentCost: commitmentCost,
                                   extra: ["decay: \(decay)"] + (epsilon == 1e-5 ? [] : ["epsilon: \(epsilon)"]))
    }

    /// The codebook `[embeddingDim, numEmbeddings]` (the state `embeddings`).
    public var embeddings: Tensor {
        method {
            getState("embeddings", shape: quantization.codebookShape, dtype: dtype, init: Quantization.codebookInitializer)
        }
    }

    /// Each vector of `inputs` quantized, with the loss, perplexity,
    /// encodings and distances; when `isTraining`, the moving averages and
    /// the embeddings are updated (after quantizing).
    public func callAsFunction(_ inputs: Tensor, isTraining: Bool) -> VectorQuantizerOutput {
        method(inputs, isTraining) { inputs, isTraining in
            quantization.quantizing(inputs, module: self, check: checkDecay) {
                let nearest = quantization.nearest(inputs, codebook: embeddings)
                let quantized = quantize(encodingIndices: nearest.indices)
                if isTraining { updateEmbeddings(flat: nearest.flat, encodings: nearest.encodings) }
                let loss = Tensor(commitmentCost, dtype: inputs.dtype) * Quantization.commitmentLoss(inputs, quantized: quantized)
                return quantization.output(inputs: inputs, quantized: quantized, loss: loss, encodings: nearest.encodings,
                                           indices: nearest.indices, distances: nearest.distances)
            }
        }
    }

    /// The embeddings of integer `encodingIndices`: their shape plus
    /// `[embeddingDim]` (an index out of range is clamped, as in JAX).
    public func quantize(encodingIndices: Tensor) -> Tensor {
        method(encodingIndices) { indices in
            quantization.lookup(indices, codebook: { embeddings }, module: self)
        }
    }

    /// Haiku's decay check: `[0, 1]`.
    private func checkDecay() throws(HaikuError) {
        guard (0...1).contains(decay) else {
            throw HaikuError.invalidArgument("decay must be in range [0, 1], not \(decay)", location: nil)
        }
    }

    /// Folds this batch's cluster sizes and per-embedding sums into the
    /// moving averages and sets the embeddings to their smoothed ratio.
    private func updateEmbeddings(flat: Tensor, encodings: Tensor) {
        var clusterSize = encodings.sum(axes: [0])
        var dw = matmul(flat.transposed(), encodings)
        if let crossReplicaAxis {
            clusterSize = psum(clusterSize, axisName: crossReplicaAxis)
            dw = psum(dw, axisName: crossReplicaAxis)
        }
        emaClusterSize.initialize(shape: [numEmbeddings], dtype: dtype)
        let averageClusterSize = emaClusterSize(clusterSize)
        emaDW.initialize(shape: quantization.codebookShape, dtype: dtype)
        let averageDW = emaDW(dw)
        let total = averageClusterSize.sum()
        let smoothed = (averageClusterSize + Tensor(epsilon, dtype: total.dtype))
            / (total + Tensor(Double(numEmbeddings) * epsilon, dtype: total.dtype)) * total
        setState("embeddings", averageDW / smoothed.reshaped([1, -1]))
    }
}

/// The vector-quantization layer of VQ-VAE (`hk.nets.VectorQuantizer`,
/// https://arxiv.org/abs/1711.00937): each vector along the input's last
/// axis is replaced by the nearest of `numEmbeddings` learned embeddings.
///
/// ```swift
/// let vq = VectorQuantizer(embeddingDim: 64, numEmbeddings: 512, commitmentCost: 0.25)
/// let out = vq(z, isTraining: true)    // z: [16, 8, 8, 64]
/// let loss = reconstructionLoss + out.loss
/// let decoded = decoder(out.quantize)   // gradients pass straight through to z
/// ```
///
/// The input `[..., embeddingDim]` is flattened to `N` vectors. The loss is
/// `mean((quantized - stopGradient(x))²) + commitmentCost · mean((stopGradient(quantized) - x)²)`:
/// the first term moves the embeddings, the second commits the inputs.
///
/// Parameter: `embeddings [embeddingDim, numEmbeddings]` in `dtype`
/// (`VarianceScaling` with a uniform distribution). With
/// `crossReplicaAxis`, the perplexity averages the encodings over that
/// named `vmap` axis.
public final class VectorQuantizer: Module {
    /// The size of each embedding, which the input's last dimension must equal.
    public let embeddingDim: Int
    /// How many embeddings the codebook holds.
    public let numEmbeddings: Int
    /// The weight of the commitment term of the loss (the paper's β).
    public let commitmentCost: Double
    /// The dtype of the embeddings.
    public let dtype: ElementType
    /// The named `vmap` axis the perplexity is computed over, or nil.
    public let crossReplicaAxis: String?
    private var quantization: Quantization {
        Quantization(embeddingDim: embeddingDim, numEmbeddings: numEmbeddings, dtype: dtype,
                     crossReplicaAxis: crossReplicaAxis)
    }

    /// A quantizer of `numEmbeddings` embeddings of size `embeddingDim`;
    /// sizes that are not positive are an error when the module is called.
    public init(embeddingDim: Int, numEmbeddings: Int, commitmentCost: Double, dtype: ElementType = .float32,
                crossReplicaAxis: String? = nil, name: ModuleName = nil) {
        (self.embeddingDim, self.numEmbeddings, self.commitmentCost) = (embeddingDim, numEmbeddings, commitmentCost)
        (self.dtype, self.crossReplicaAxis) = (dtype, crossReplicaAxis)
        super.init(name: name)
    }

    /// `embeddingDim: 64, numEmbeddings: 512, commitmentCost: 0.25`, and the
    /// other arguments that differ from Haiku's defaults.
    public override var configuration: [String] {
        quantization.configuration(commitmentCost: commitmentCost)
    }

    /// The codebook `[embeddingDim, numEmbeddings]` (the parameter `embeddings`).
    public var embeddings: Tensor {
        method {
            parameter("embeddings", shape: quantization.codebookShape, dtype: dtype, init: Quantization.codebookInitializer)
        }
    }

    /// Each vector of `inputs` quantized, with the loss, perplexity,
    /// encodings and distances. `isTraining` changes nothing here (Haiku
    /// takes it for symmetry with ``VectorQuantizerEMA``).
    public func callAsFunction(_ inputs: Tensor, isTraining: Bool) -> VectorQuantizerOutput {
        method(inputs, isTraining) { inputs, _ in
            quantization.quantizing(inputs, module: self) {
                let nearest = quantization.nearest(inputs, codebook: embeddings)
                let quantized = quantize(encodingIndices: nearest.indices)
                let codebookLoss = square(quantized - stopGradient(inputs)).mean()
                let loss = codebookLoss
                    + Tensor(commitmentCost, dtype: inputs.dtype) * Quantization.commitmentLoss(inputs, quantized: quantized)
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
}

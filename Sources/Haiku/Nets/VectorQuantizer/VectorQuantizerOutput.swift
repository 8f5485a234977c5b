/// What ``VectorQuantizer`` and ``VectorQuantizerEMA`` return (Haiku's
/// dictionary with the keys `quantize`, `loss`, `perplexity`, `encodings`,
/// `encoding_indices`, `distances`).
///
/// For inputs of shape `[..., D]` flattened to `N` vectors of `D` features
/// and `K` embeddings:
public struct VectorQuantizerOutput: TensorTree {
    /// The input's shape: each vector replaced by its nearest embedding in
    /// the forward pass, the input itself for the gradient (the
    /// straight-through estimator `inputs + stopGradient(quantized - inputs)`).
    public var quantize: Tensor
    /// The scalar loss to minimize: the codebook and commitment terms
    /// (``VectorQuantizer``), or the commitment term alone (``VectorQuantizerEMA``).
    public var loss: Tensor
    /// `exp` of the entropy of the average encoding: how many embeddings are in use.
    public var perplexity: Tensor
    /// `[N, K]`: the one-hot encoding of each vector's nearest embedding.
    public var encodings: Tensor
    /// The input's shape without its last axis (int32): the index of each
    /// vector's nearest embedding.
    public var encodingIndices: Tensor
    /// `[N, K]`: the squared distance of each vector to each embedding.
    public var distances: Tensor

    /// An output of these tensors.
    public init(quantize: Tensor, loss: Tensor, perplexity: Tensor, encodings: Tensor, encodingIndices: Tensor,
                distances: Tensor) {
        (self.quantize, self.loss, self.perplexity) = (quantize, loss, perplexity)
        (self.encodings, self.encodingIndices, self.distances) = (encodings, encodingIndices, distances)
    }

    /// Maps the tensors in the order JAX flattens Haiku's dictionary (its
    /// keys sorted): distances, encoding indices, encodings, loss,
    /// perplexity, quantize.
    public func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> VectorQuantizerOutput {
        let distances = try transform(distances)
        let encodingIndices = try transform(encodingIndices)
        let encodings = try transform(encodings)
        let loss = try transform(loss)
        let perplexity = try transform(perplexity)
        return VectorQuantizerOutput(quantize: try transform(quantize), loss: loss, perplexity: perplexity,
                                     encodings: encodings, encodingIndices: encodingIndices, distances: distances)
    }
}

import Haiku

/// A small VQ-VAE for 28×28 grey images, laid out as Haiku's VQ-VAE example
/// (`examples/vqvae_example.ipynb`, after Sonnet's): an `Encoder` (`enc_1`,
/// `enc_2`: 4×4 stride-2 convolutions to `hiddenChannels / 2` and
/// `hiddenChannels`; `enc_3`: 3×3; a `ResidualStack`), a 1×1 convolution
/// `to_vq` to `embeddingDim`, `VectorQuantizerEMA`, and a `Decoder`
/// (`dec_1`: 3×3; a `ResidualStack`; `dec_2`, `dec_3`: 4×4 stride-2
/// transposed convolutions back to one channel). On `[B, 28, 28, 1]` the
/// latent is `[B, 7, 7, embeddingDim]`.
///
/// Pixels in `[0, 1]` are centred (`x - 0.5`, as the example feeds them)
/// before the encoder, and the reconstruction moved back; the loss is the
/// reconstruction's mean squared error plus the quantizer's loss (the
/// example also divides the error by the data's variance: a constant
/// factor, left out here).
public struct VQVAEModel: Sendable, Equatable, CustomStringConvertible {
    /// The encoder's and decoder's channels (`enc_2`, `enc_3`, `dec_1`).
    public var hiddenChannels = 32
    /// The channels of each residual layer's 3×3 convolution.
    public var residualChannels = 16
    /// Residual layers in each `ResidualStack`.
    public var residualLayers = 2
    /// The size of each latent vector and code.
    public var embeddingDim = 16
    /// Codes in the codebook.
    public var numEmbeddings = 64
    /// The commitment loss's weight.
    public var commitmentCost = 0.25
    /// The decay of the codebook's moving averages.
    public var decay = 0.99

    /// The defaults above: a model small enough to train on a CPU in minutes.
    public init() {}

    /// `vqvae hidden 32 residual 16x2 codes 64x16`, as checkpoints record it.
    public var description: String {
        "vqvae hidden \(hiddenChannels) residual \(residualChannels)x\(residualLayers) codes \(numEmbeddings)x\(embeddingDim)"
    }

    /// The model applied to `images` `[B, H, W, 1]` with pixels in `[0, 1]`
    /// (H and W multiples of 4); call it inside `transformWithState`, which
    /// makes and names its modules and keeps the codebook as state. When
    /// `isTraining`, the codebook's moving averages are updated. With
    /// `crossReplicaAxis` (inside per-device code such as `shardMap`), the
    /// quantizer's cluster statistics and perplexity are taken over every
    /// device along that axis (`VectorQuantizerEMA`'s `crossReplicaAxis`).
    public func callAsFunction(_ images: Tensor, isTraining: Bool, crossReplicaAxis: String? = nil) -> VQVAEOutput {
        let centred = images - Tensor(Float(0.5), dtype: images.dtype)
        let encoder = toModule(className: "Encoder") { (x: Tensor) -> Tensor in
            let enc1 = Conv2D(outputChannels: hiddenChannels / 2, kernelShape: 4, stride: 2, name: "enc_1")
            let enc2 = Conv2D(outputChannels: hiddenChannels, kernelShape: 4, stride: 2, name: "enc_2")
            let enc3 = Conv2D(outputChannels: hiddenChannels, kernelShape: 3, name: "enc_3")
            return residualStack()(relu(enc3(relu(enc2(relu(enc1(x)))))))
        }
        let decoder = toModule(className: "Decoder") { (z: Tensor) -> Tensor in
            let dec1 = Conv2D(outputChannels: hiddenChannels, kernelShape: 3, name: "dec_1")
            let dec2 = Conv2DTranspose(outputChannels: hiddenChannels / 2, kernelShape: 4, stride: 2, name: "dec_2")
            let dec3 = Conv2DTranspose(outputChannels: images.shape.last ?? 1, kernelShape: 4, stride: 2, name: "dec_3")
            return dec3(relu(dec2(residualStack()(dec1(z)))))
        }
        let latent = Conv2D(outputChannels: embeddingDim, kernelShape: 1, name: "to_vq")(encoder()(centred))
        let quantizer = VectorQuantizerEMA(embeddingDim: embeddingDim, numEmbeddings: numEmbeddings,
                                           commitmentCost: commitmentCost, decay: decay, crossReplicaAxis: crossReplicaAxis)
        let quantized = quantizer(latent, isTraining: isTraining)
        let reconstruction = decoder()(quantized.quantize)
        let error = reconstruction - centred
        return VQVAEOutput(reconstruction: reconstruction + Tensor(Float(0.5), dtype: images.dtype),
                           reconstructionLoss: (error * error).mean(), quantizerLoss: quantized.loss,
                           perplexity: quantized.perplexity)
    }

    /// The example's `ResidualStack`: `residualLayers` times `h + res1x1_i(relu(res3x3_i(relu(h))))`, then relu.
    private func residualStack() -> FunctionModule<Tensor, Tensor> {
        toModule(className: "ResidualStack") { (inputs: Tensor) -> Tensor in
            var h = inputs
            for layer in 0..<residualLayers {
                let conv3 = Conv2D(outputChannels: residualChannels, kernelShape: 3, name: "res3x3_\(layer)")
                let conv1 = Conv2D(outputChannels: hiddenChannels, kernelShape: 1, name: "res1x1_\(layer)")
                h = h + conv1(relu(conv3(relu(h))))
            }
            return relu(h)
        }()
    }
}

/// What a ``VQVAEModel`` gives for a batch.
public struct VQVAEOutput: TensorTree {
    /// The reconstructed images, in pixel units (about `[0, 1]`).
    public var reconstruction: Tensor
    /// The mean squared error of the reconstruction.
    public var reconstructionLoss: Tensor
    /// The quantizer's loss (the commitment cost times the commitment loss).
    public var quantizerLoss: Tensor
    /// The perplexity of the codes used in the batch.
    public var perplexity: Tensor

    /// The loss the model is trained on: reconstruction plus quantizer loss.
    public var loss: Tensor { reconstructionLoss + quantizerLoss }

    /// The output of these tensors.
    public init(reconstruction: Tensor, reconstructionLoss: Tensor, quantizerLoss: Tensor, perplexity: Tensor) {
        self.reconstruction = reconstruction
        self.reconstructionLoss = reconstructionLoss
        self.quantizerLoss = quantizerLoss
        self.perplexity = perplexity
    }

    /// Maps every tensor.
    public func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> VQVAEOutput {
        VQVAEOutput(reconstruction: try transform(reconstruction), reconstructionLoss: try transform(reconstructionLoss),
                    quantizerLoss: try transform(quantizerLoss), perplexity: try transform(perplexity))
    }
}

// The examples of Docs/Nets.md (MobileNetV1, VectorQuantizer), compiled with the package.
import Haiku

/// A small MobileNetV1 in training and evaluation mode, then a tiny VQ-VAE
/// (encoder, `VectorQuantizerEMA`, decoder) trained for a few steps.
func mobileNetVQExample() throws {
    // MobileNetV1: batch statistics and updated moving averages in training,
    // the moving averages in evaluation.
    func classifier(isTraining: Bool) -> TransformedWithState<Tensor, Tensor> {
        transformWithState { (images: Tensor) in
            MobileNetV1(strides: [1, 2, 2], channels: [16, 32, 64], numClasses: 10)(images, isTraining: isTraining)
        }
    }
    let images = normal(PRNGKey(0), [4, 32, 32, 3])
    let (netParams, netState) = try classifier(isTraining: true).initialize(rng: PRNGKey(42), images)
    print("mobilenet parameters:", netParams.values.reduce(0) { $0 + $1.values.reduce(0) { $0 + $1.size } })
    print("first block:", netParams.keys.filter { $0.hasPrefix("mobile_net_v1/mobile_net_v1_block/") }.sorted())
    let (_, trainedState) = try classifier(isTraining: true).apply(netParams, netState, images)
    print("evaluation logits:", try classifier(isTraining: false).apply(netParams, trainedState, images).output.shape)

    // A VQ-VAE on 8-dimensional vectors: 16 codes of size 4, learned by moving averages.
    let vqvae = transformWithState { (x: Tensor) -> VectorQuantizerOutput in
        let z = Linear(4, name: "encoder")(x)
        var out = VectorQuantizerEMA(embeddingDim: 4, numEmbeddings: 16, commitmentCost: 0.25, decay: 0.9)(z, isTraining: true)
        let reconstruction = Linear(8, name: "decoder")(out.quantize)
        out.loss = ((reconstruction - x) * (reconstruction - x)).mean() + out.loss
        return out
    }
    let x = normal(PRNGKey(1), [64, 8])
    var (params, state) = try vqvae.initialize(rng: PRNGKey(2), x)
    for step in 0..<20 {
        // The loss's gradient, with the updated state (embeddings, moving averages) as an auxiliary output.
        let ((loss, newState), gradients) = try valueAndGrad { (params: Params) -> (Tensor, State) in
            let (out, newState) = try vqvae.apply(params, state, x)
            return (out.loss, newState)
        }(params)
        params = DataStructures.map(params) { module, name, w in w - 0.1 * gradients[module]![name]! }
        state = newState
        if step % 5 == 0 { print("step \(step) loss:", loss) }
    }
    print("perplexity:", try vqvae.apply(params, state, x).output.perplexity)
}

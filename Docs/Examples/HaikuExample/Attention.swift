// The attention example of Docs/Attention.md, compiled with the package.
import Haiku

/// A one-block causal self-attention model learns to output, at each
/// position, the token before it (position 0: itself): attention has to
/// look one step back.
func attentionExample() throws {
    let (vocab, length, width) = (8, 12, 32)
    let model = transform { (tokens: Tensor) -> Tensor in
        let positions = Tensor.arange(length)
        let causal = (positions.reshaped([length, 1]) .>= positions).reshaped([1, 1, length, length])
        let x = Embed(vocabSize: vocab, embedDim: width)(tokens)
            + parameter("positions", shape: [length, width], init: TruncatedNormal(stddev: 0.02))
        let attention = MultiHeadAttention(numHeads: 4, keySize: width / 4, wInit: VarianceScaling(scale: 1))
        let h = x + attention(x, x, x, mask: causal)
        // A Linear on [batch, length, width] through one [batch·length, width] product.
        return BatchApply(Linear(vocab))(relu(h))
    }
    let tokens = randint(PRNGKey(0), [16, length], minval: 0, maxval: Tensor(Int32(vocab)))
    let previous = concatenate([tokens[.all, .upTo(1)], tokens[.all, .upTo(length - 1)]], axis: 1)
    let optimizer = adam(learningRate: 1e-2)
    var params = try model.initialize(rng: PRNGKey(42), tokens)
    var optimizerState = optimizer.initialize(params)
    // One compiled step: the cross-entropy, its gradient and an Adam update.
    let step = jit { (params: Params, optimizerState: Adam.State, tokens: Tensor, targets: Tensor) -> (Params, Adam.State, Tensor) in
        let (loss, gradients) = try valueAndGrad { (params: Params) -> Tensor in
            let logits = try model.apply(params, tokens)
            return -(logSoftmax(logits) * oneHot(targets, count: vocab)).sum(axes: [-1]).mean()
        }(params)
        let (updates, nextState) = optimizer.update(gradients, state: optimizerState, params: params)
        return (applyUpdates(params, updates), nextState, loss)
    }
    for iteration in 0..<200 {
        let loss: Tensor
        (params, optimizerState, loss) = try step(params, optimizerState, tokens, previous)
        if iteration % 50 == 0 || iteration == 199 { print("step \(iteration) loss:", loss) }
    }
    let predicted = try model.apply(params, tokens).argmax(axis: -1)
    print("first row:", tokens[0], "predicted:", predicted[0])
    print("parameters:", params.keys.sorted())
}

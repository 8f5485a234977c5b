import Haiku

/// Attention, embeddings, BatchApply and multinomial with negative, zero or
/// huge sizes, and inputs that do not fit them.
let attentionProbes: [Probe] = [
    Probe("attention/mha-huge-heads", expect: .error) {
        try initializeAndApply({ x in MultiHeadAttention(numHeads: 1 << 40, keySize: 1 << 40, wInitScale: 1)(x, x, x) },
                               Tensor.zeros([2, 3, 4]))
    },
    Probe("attention/mha-huge-model-size", expect: .error) {
        try initializeAndApply({ x in MultiHeadAttention(numHeads: 2, keySize: 2, wInitScale: 1, modelSize: 1 << 40)(x, x, x) },
                               Tensor.zeros([2, 3, 4]))
    },
    Probe("attention/mha-negative-key-size", expect: .error) {
        try initializeAndApply({ x in MultiHeadAttention(numHeads: 2, keySize: -3, wInitScale: 1)(x, x, x) },
                               Tensor.zeros([2, 3, 4]))
    },
    Probe("attention/mha-scalar-query", expect: .error) {
        try initializeAndApply({ x in MultiHeadAttention(numHeads: 2, keySize: 2, wInitScale: 1)(x, x, x) }, Tensor(1.0))
    },
    Probe("attention/embed-huge-vocabulary", expect: .error) {
        try initializeAndApply({ ids in Embed(vocabSize: 1 << 40, embedDim: 1 << 30)(ids) }, Tensor([Int32(0)]))
    },
    Probe("attention/embed-huge-one-hot", expect: .error) {
        try initializeAndApply({ ids in Embed(vocabSize: 1 << 40, embedDim: 1, lookupStyle: .oneHot)(ids) },
                               Tensor([Int32(0)]))
    },
    Probe("attention/embed-negative-dim", expect: .error) {
        try initializeAndApply({ ids in Embed(vocabSize: 3, embedDim: -1)(ids) }, Tensor([Int32(0)]))
    },
    Probe("attention/batch-apply-empty-huge-leading-axes", expect: .error) {
        try initializeAndApply({ x in BatchApply(Linear(2))(x) }, Tensor.zeros([1 << 40, 1 << 40, 0]))
    },
    Probe("attention/batch-apply-huge-num-dims", expect: .error) {
        try initializeAndApply({ x in BatchApply(Linear(2), numDims: Int.max)(x) }, Tensor.zeros([2, 3]))
    },
    Probe("attention/multinomial-huge-samples", expect: .error) {
        try read(multinomial(PRNGKey(0), Tensor.zeros([2, 3]), 1 << 40))
    },
]

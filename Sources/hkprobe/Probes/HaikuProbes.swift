import Haiku

/// Initializes `body` as a transformed function on `input`, then applies
/// it, reading the parameters and the output.
func initializeAndApply(_ body: @escaping (Tensor) -> Tensor, _ input: Tensor) throws {
    let model = transform(body)
    let params = try model.initialize(rng: PRNGKey(0), input)
    try read(tree: params)
    try read(model.apply(params, rng: PRNGKey(1), input))
}

/// Haiku modules and transforms: missing keys and parameters, bad sizes, misuse outside a transform.
let haikuProbes: [Probe] = [
    Probe("haiku/apply-without-rng-for-model-drawing-keys", expect: .error) {
        let model = transform { (x: Tensor) in dropout(nextRNGKey(), rate: 0.5, Linear(2)(x)) }
        let x = Tensor([[1.0, 2]])
        let params = try model.initialize(rng: PRNGKey(0), x)
        try read(model.apply(params, rng: nil, x))
    },
    Probe("haiku/initialize-without-rng", expect: .error) {
        _ = try transform { (x: Tensor) in Linear(2)(x) }.initialize(rng: nil, Tensor([[1.0]]))
    },
    Probe("haiku/apply-with-missing-params", expect: .error) {
        try read(transform { (x: Tensor) in Linear(2)(x) }.apply([:], Tensor([[1.0]])))
    },
    Probe("haiku/apply-with-wrong-shape-params", expect: .error) {
        let model = transform { (x: Tensor) in Linear(2)(x) }
        let params = try model.initialize(rng: PRNGKey(0), Tensor([[1.0, 2]]))
        try read(model.apply(params, Tensor([[1.0, 2, 3]])))
    },
    Probe("haiku/apply-with-poisoned-key", expect: .error) {
        let model = transform { (x: Tensor) in dropout(nextRNGKey(), rate: 0.5, x) }
        try read(model.apply([:], rng: PRNGKey(data: Tensor([1.0])), Tensor([1.0, 2])))
    },
    Probe("haiku/next-rng-key-outside-transform", expect: .error) { try read(nextRNGKey().data) },
    Probe("haiku/next-rng-keys-negative", expect: .error) {
        let model = transform { (x: Tensor) -> Tensor in
            for key in nextRNGKeys(-3) { _ = key }
            return x
        }
        _ = try model.initialize(rng: PRNGKey(0), Tensor([1.0]))
    },
    Probe("haiku/linear-zero-outputs", expect: .value) {
        try initializeAndApply({ x in Linear(0)(x) }, Tensor([[1.0]]))
    },
    Probe("haiku/linear-negative-outputs", expect: .error) {
        try initializeAndApply({ x in Linear(-2)(x) }, Tensor([[1.0]]))
    },
    Probe("haiku/linear-huge-outputs", expect: .error) {
        try initializeAndApply({ x in Linear(1 << 40)(x) }, Tensor([[1.0]]))
    },
    Probe("haiku/linear-scalar-input", expect: .error) {
        try initializeAndApply({ x in Linear(2)(x) }, Tensor(1.0))
    },
    Probe("haiku/mlp-negative-size", expect: .error) {
        try initializeAndApply({ x in MLP([4, -1])(x) }, Tensor([[1.0]]))
    },
    Probe("haiku/conv2d-kernel-zero", expect: .error) {
        try initializeAndApply({ x in Conv2D(outputChannels: 1, kernelShape: 0)(x) }, Tensor.ones([1, 4, 4, 1]))
    },
    Probe("haiku/conv2d-stride-negative", expect: .error) {
        try initializeAndApply({ x in Conv2D(outputChannels: 1, kernelShape: 2, stride: -1)(x) }, Tensor.ones([1, 4, 4, 1]))
    },
    Probe("haiku/conv2d-rate-Int.max", expect: .error) {
        try initializeAndApply({ x in Conv2D(outputChannels: 1, kernelShape: 2, rate: .uniform(Int.max))(x) }, Tensor.ones([1, 4, 4, 1]))
    },
    Probe("haiku/conv2d-wrong-rank-input", expect: .error) {
        try initializeAndApply({ x in Conv2D(outputChannels: 1, kernelShape: 2)(x) }, Tensor.ones([4]))
    },
    Probe("haiku/conv2d-kernel-per-dimension-count", expect: .error) {
        try initializeAndApply({ x in Conv2D(outputChannels: 1, kernelShape: [2, 2, 2, 2, 2])(x) }, Tensor.ones([1, 4, 4, 1]))
    },
    Probe("haiku/max-pool-module-window-zero", expect: .error) {
        try initializeAndApply({ x in MaxPool(windowShape: 0, strides: 1, padding: .valid)(x) }, Tensor.ones([1, 4, 1]))
    },
    // Haiku 0.0.17 returns a value here too.
    Probe("haiku/layer-norm-axis-out-of-range", expect: .value) {
        try initializeAndApply({ x in LayerNorm(axis: 7, createScale: true, createOffset: true)(x) }, Tensor.ones([2, 3]))
    },
    Probe("haiku/batch-norm-eval-without-state", expect: .error) {
        let model = transformWithState { (x: Tensor) in
            BatchNorm(createScale: true, createOffset: true, decayRate: 0.9)(x, isTraining: false)
        }
        try read(model.apply([:], [:], Tensor.ones([2, 3])).0)
    },
    Probe("haiku/dropout-rate-NaN", expect: .error) { try read(dropout(PRNGKey(0), rate: .nan, Tensor([1.0, 2]))) },
    Probe("haiku/dropout-rate-negative", expect: .error) { try read(dropout(PRNGKey(0), rate: -1, Tensor([1.0, 2]))) },
    Probe("haiku/dropout-rate-one", expect: .error) { try read(dropout(PRNGKey(0), rate: 1, Tensor([1.0, 2]))) },
]

import Haiku

/// Random numbers from bad keys, shapes, counts and bounds.
let randomProbes: [Probe] = [
    Probe("random/key-wrong-dtype", expect: .error) { try read(normal(PRNGKey(data: Tensor([1.0, 2])), [2])) },
    Probe("random/key-wrong-shape", expect: .error) {
        try read(normal(PRNGKey(data: Tensor([1, 2, 3], dtype: .uint32)), [2]))
    },
    Probe("random/key-poisoned", expect: .error) {
        let poisoned = PRNGKey(data: Tensor([1, 2], dtype: .uint32) + Tensor([1, 2, 3], dtype: .uint32))
        try read(uniform(poisoned, [2]))
    },
    Probe("random/split-of-wrong-key", expect: .error) {
        for key in split(PRNGKey(data: Tensor([1.0])), 3) { try read(key.data) }
    },
    Probe("random/split-negative-count", expect: .error) {
        for key in split(PRNGKey(0), -1) { try read(key.data) }
    },
    Probe("random/split-huge-count", expect: .error) {
        for key in split(PRNGKey(0), 1 << 40) { try read(key.data) }
    },
    Probe("random/fold-in-Int.max", expect: .error) { try read(foldIn(PRNGKey(0), Int.max).data) },
    Probe("random/fold-in-negative", expect: .error) { try read(foldIn(PRNGKey(0), -1).data) },
    Probe("random/split-shape-2^32x2^32", expect: .error) { try read(split(PRNGKey(0), shape: [1 << 32, 1 << 32]).data) },
    Probe("random/normal-negative-shape", expect: .error) { try read(normal(PRNGKey(0), [-2])) },
    Probe("random/normal-integer-dtype", expect: .error) { try read(normal(PRNGKey(0), [2], dtype: .int32)) },
    Probe("random/uniform-2^32x2^32", expect: .error) { try read(uniform(PRNGKey(0), [1 << 32, 1 << 32])) },
    Probe("random/uniform-NaN-bounds", expect: .value) { try read(uniform(PRNGKey(0), [2], minval: Tensor(Double.nan), maxval: 1)) },
    Probe("random/randint-empty-range", expect: .value) {
        try read(randint(PRNGKey(0), [3], minval: Tensor(5), maxval: Tensor(1)))
    },
    Probe("random/random-bits-width-7", expect: .error) { try read(randomBits(PRNGKey(0), bitWidth: 7, shape: [2])) },
    Probe("random/choice-without-replacement-too-many", expect: .error) {
        try read(choice(PRNGKey(0), 3, shape: [5], replace: false))
    },
    Probe("random/choice-from-zero", expect: .error) { try read(choice(PRNGKey(0), 0, shape: [1])) },
    Probe("random/permutation-negative", expect: .error) { try read(permutation(PRNGKey(0), -4)) },
    Probe("random/bernoulli-NaN", expect: .value) { try read(bernoulli(PRNGKey(0), p: Tensor(Double.nan), shape: [2])) },
    Probe("random/categorical-empty-logits", expect: .error) { try read(categorical(PRNGKey(0), Tensor.zeros([0]))) },
    Probe("random/truncated-normal-inverted-bounds", expect: .value) {
        try read(truncatedNormal(PRNGKey(0), Tensor(2.0), Tensor(-2.0), [3]))
    },
]

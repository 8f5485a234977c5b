import Haiku

/// Optimizers and schedules with mismatched trees and degenerate settings.
let optimizerProbes: [Probe] = [
    Probe("optimizers/adam-mismatched-gradient-shape", expect: .error) {
        let optimizer = adam(learningRate: 0.1)
        let params = ["w": Tensor([1.0, 2])]
        let state = optimizer.initialize(params)
        try read(tree: optimizer.update(["w": Tensor([1.0, 2, 3])], state: state, params: params).updates)
    },
    Probe("optimizers/adam-mismatched-gradient-keys", expect: .error) {
        let optimizer = adam(learningRate: 0.1)
        let params = ["w": Tensor([1.0, 2])]
        let state = optimizer.initialize(params)
        try read(tree: optimizer.update(["v": Tensor([1.0, 2]), "u": Tensor(1.0)], state: state, params: params).updates)
    },
    Probe("optimizers/adam-NaN-learning-rate", expect: .value) {
        let optimizer = adam(learningRate: .init(floatLiteral: .nan))
        let params = ["w": Tensor([1.0, 2])]
        try read(tree: optimizer.update(params, state: optimizer.initialize(params), params: params).updates)
    },
    Probe("optimizers/sgd-integer-params", expect: .value) {
        let optimizer = sgd(learningRate: 0.1, momentum: 0.9)
        let params = ["w": Tensor([1, 2])]
        try read(tree: optimizer.update(params, state: optimizer.initialize(params), params: params).updates)
    },
    Probe("optimizers/clip-by-global-norm-negative", expect: .value) {
        let clip = clipByGlobalNorm(-1)
        let params = ["w": Tensor([1.0, 2])]
        try read(tree: clip.update(params, state: clip.initialize(params), params: params).updates)
    },
    Probe("optimizers/cosine-decay-zero-steps", expect: .error) {
        try read(cosineDecaySchedule(initValue: 1, decaySteps: 0)(Tensor(3)))
    },
    Probe("optimizers/cosine-decay-negative-steps", expect: .error) {
        try read(cosineDecaySchedule(initValue: 1, decaySteps: -5)(Tensor(3)))
    },
    Probe("optimizers/exponential-decay-zero-steps", expect: .value) {
        try read(exponentialDecay(initValue: 1, transitionSteps: 0, decayRate: 0.5)(Tensor(3)))
    },
    Probe("optimizers/schedule-at-huge-step", expect: .value) {
        try read(warmupCosineDecaySchedule(initValue: 0, peakValue: 1, warmupSteps: 10, decaySteps: 100)(Tensor(Int32.max)))
    },
    Probe("optimizers/join-schedules-count-mismatch", expect: .error) {
        try read(joinSchedules([0.1, 0.2], boundaries: [1, 2, 3])(Tensor(5)))
    },
    Probe("optimizers/join-schedules-none", expect: .error) { try read(joinSchedules([], boundaries: [])(Tensor(5))) },
    Probe("optimizers/piecewise-negative-boundary", expect: .value) {
        try read(piecewiseConstantSchedule(initValue: 1, boundariesAndScales: [-5: 0.5, Int.max: 2])(Tensor(3)))
    },
]

import Haiku

/// One step of `core` on `input` from its batched initial state (batch 2).
func stepRecurrent<Core: RNNCore>(_ core: @escaping () -> Core, _ input: Tensor) throws
    where Core.Input == Tensor, Core.Output == Tensor {
    try initializeAndApply({ x in
        let core = core()
        return core(x, core.initialState(batchSize: 2)).output
    }, input)
}

/// Recurrent cores with negative, zero or huge sizes and mismatched states.
let recurrentProbes: [Probe] = [
    Probe("recurrent/lstm-negative-size", expect: .error) { try stepRecurrent({ LSTM(-1) }, Tensor.zeros([2, 3])) },
    Probe("recurrent/lstm-zero-size", expect: .value) { try stepRecurrent({ LSTM(0) }, Tensor.zeros([2, 3])) },
    Probe("recurrent/lstm-huge-size", expect: .error) { try stepRecurrent({ LSTM(1 << 40) }, Tensor.zeros([2, 3])) },
    Probe("recurrent/lstm-unbatched-state-for-batched-input", expect: .error) {
        try initializeAndApply({ x in
            let core = LSTM(3)
            return core(x, core.initialState(batchSize: nil)).output
        }, Tensor.zeros([2, 3]))
    },
    Probe("recurrent/gru-negative-size", expect: .error) { try stepRecurrent({ GRU(-1) }, Tensor.zeros([2, 3])) },
    Probe("recurrent/vanilla-rnn-huge-size", expect: .error) { try stepRecurrent({ VanillaRNN(1 << 40) }, Tensor.zeros([2, 3])) },
    Probe("recurrent/conv2d-lstm-negative-channels", expect: .error) {
        try stepRecurrent({ Conv2DLSTM(inputShape: [4, 4], outputChannels: -1, kernelShape: 3) }, Tensor.zeros([2, 4, 4, 1]))
    },
    Probe("recurrent/conv1d-lstm-zero-kernel", expect: .error) {
        try stepRecurrent({ Conv1DLSTM(inputShape: [4], outputChannels: 2, kernelShape: 0) }, Tensor.zeros([2, 4, 1]))
    },
    Probe("recurrent/dynamic-unroll-rank-1-input", expect: .error) {
        try initializeAndApply({ x in
            let core = LSTM(3)
            return dynamicUnroll(core, x, core.initialState(batchSize: 2)).outputs
        }, Tensor.zeros([5]))
    },
]

/// Cores and plain layers applied in order as one core (`hk.DeepRNN`),
/// each to the previous one's output. The state holds one entry per core
/// (none for plain layers), in order.
///
/// ```swift
/// let core = DeepRNN([LSTM(4), relu, LSTM(2)])
/// let (output, state) = core(x, core.initialState(batchSize: 8))  // state.count == 2
/// ```
///
/// A layer is a core from tensors to tensors, or anything a ``Sequential``
/// takes (a module or a function `(Tensor) -> Tensor`). A state whose
/// length or entries' types do not match the cores is an error naming the
/// module. ``deepRNNWithSkipConnections(_:name:)`` makes one whose cores
/// also see the inputs.
public final class DeepRNN: Module, RNNCore {
    /// The layers, first to last.
    let layers: [DeepRNNLayer]
    /// Whether each core after the first reads the inputs beside the
    /// previous core's output, and the output joins every core's output.
    public let skipConnections: Bool

    /// A core running `layers` in order.
    public convenience init(_ layers: [Any], name: ModuleName = nil) {
        self.init(layers, skipConnections: false, name: name)
    }

    init(_ layers: [Any], skipConnections: Bool, name: ModuleName) {
        self.layers = layers.map(DeepRNNLayer.init)
        self.skipConnections = skipConnections
        super.init(name: name)
    }

    /// `layers: [LSTM(hiddenSize: 4), function, LSTM(hiddenSize: 2)]`.
    public override var configuration: [String] {
        ["layers: [\(layers.map(\.configurationEntry).joined(separator: ", "))]"]
            + (skipConnections ? ["skipConnections: true"] : [])
    }

    /// The last layer's output (with skip connections, every core's output
    /// joined along the last axis), and each core's next state.
    public func callAsFunction(_ inputs: Tensor, _ state: [AnyTensorTree]) -> (output: Tensor, state: [AnyTensorTree]) {
        method(inputs, state) { inputs, state in
            if let error = problem(state) {
                return (error.poisoned(inputs.type), error.poisoning(state))
            }
            var current = inputs
            var outputs: [Tensor] = []
            var next: [AnyTensorTree] = []
            for (index, layer) in layers.enumerated() {
                if skipConnections, index > 0 { current = concatenate([inputs, current], axis: -1) }
                switch layer {
                case let .core(step, _, _):
                    let (output, coreState) = step(current, state[next.count])
                    current = output
                    outputs.append(output)
                    next.append(coreState)
                case let .layer(layer):
                    current = layer.callAsLayer(current, arguments: [:])
                }
            }
            return (skipConnections ? concatenate(outputs, axis: -1) : current, next)
        }
    }

    /// Each core's initial state, in order.
    public func initialState(batchSize: Int?) -> [AnyTensorTree] {
        layers.compactMap { layer in
            guard case let .core(_, initialState, _) = layer else { return nil }
            return initialState(batchSize)
        }
    }

    /// What makes a call with `state` impossible: a layer that is not one,
    /// a layer that is not a core where skip connections need one, or a
    /// state whose length is not the number of cores.
    private func problem(_ state: [AnyTensorTree]) -> HaikuError? {
        for (index, layer) in layers.enumerated() {
            guard case let .layer(plain) = layer else { continue }
            if skipConnections {
                return invalidArgument("skip connections need every layer to be an RNNCore, but layer \(index) is \(plain.configurationEntry)")
            }
            if let reason = plain.unusableReason { return invalidArgument("layer \(index): \(reason)") }
        }
        let cores = layers.filter(\.isCore).count
        guard state.count == cores else {
            return invalidArgument("the state has \(state.count) entries but there \(cores == 1 ? "is 1 core" : "are \(cores) cores")")
        }
        return nil
    }
}

/// A ``DeepRNN`` whose core `i > 0` reads the inputs joined with core
/// `i − 1`'s output along the last axis, and whose output joins every
/// core's output (`hk.deep_rnn_with_skip_connections`). Every layer must be
/// a core from tensors to tensors; another is an error naming the module
/// when it is called.
public func deepRNNWithSkipConnections(_ layers: [Any], name: ModuleName = nil) -> DeepRNN {
    DeepRNN(layers, skipConnections: true, name: name)
}

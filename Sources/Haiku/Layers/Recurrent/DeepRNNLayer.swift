/// One entry of a ``DeepRNN``: a core whose inputs and outputs are tensors
/// (its state erased to ``AnyTensorTree``), or a plain layer as in a
/// ``Sequential`` (a module or a function, kept as an ``AnyLayer``).
enum DeepRNNLayer {
    /// A core's step and initial state.
    case core(step: (Tensor, AnyTensorTree) -> (Tensor, AnyTensorTree), initialState: (Int?) -> AnyTensorTree, description: String)
    /// A layer without state.
    case layer(AnyLayer)

    /// `value` as an entry: a core from tensors to tensors, or else a layer.
    init(_ value: Any) {
        if let core = value as? any RNNCore<Tensor, Tensor> {
            self = DeepRNNLayer.erasing(core)
        } else {
            self = .layer(AnyLayer(value))
        }
    }

    /// `core` with its state erased; a state of another type than the
    /// core's is an error naming the core.
    private static func erasing<Core: RNNCore<Tensor, Tensor>>(_ core: Core) -> DeepRNNLayer {
        let description = (core as? Module)?.description ?? "\(type(of: core))"
        return .core(step: { inputs, state in
            guard let typed = state.base as? Core.State else {
                let error = HaikuError.invalidArgument(
                    "\(description): the state is a \(type(of: state.base)), not the core's \(Core.State.self)", location: nil)
                let (output, next) = core(inputs, core.initialState(batchSize: inputs.shape.first))
                return (error.poisoning(output), AnyTensorTree(error.poisoning(next)))
            }
            let (output, next) = core(inputs, typed)
            return (output, AnyTensorTree(next))
        }, initialState: { AnyTensorTree(core.initialState(batchSize: $0)) }, description: description)
    }

    /// Whether this entry is a core (and so has a state).
    var isCore: Bool {
        if case .core = self { return true }
        return false
    }

    /// How `tabulate` shows this entry.
    var configurationEntry: String {
        switch self {
        case let .core(_, _, description): description
        case let .layer(layer): layer.configurationEntry
        }
    }
}

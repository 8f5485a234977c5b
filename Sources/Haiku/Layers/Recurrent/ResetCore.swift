/// A wrapper that resets its core's state where asked (`hk.ResetCore`):
/// each step reads ``ResetInputs``, replaces the state by the core's
/// initial state wherever `shouldReset` is true (per batch element when
/// the flags are `[batch]`), then runs the core.
///
/// ```swift
/// let core = ResetCore(LSTM(8))
/// let (ys, _) = dynamicUnroll(core, ResetInputs(xs, shouldReset: resets), core.initialState(batchSize: 4))
/// ```
///
/// Flags whose shape is not a prefix of their state leaves' shapes, or a
/// tree of flags whose structure is not the state's, are an error naming
/// the module.
public final class ResetCore<Core: RNNCore>: Module, RNNCore {
    /// The wrapped core.
    public let core: Core

    /// `core`, reset where the inputs ask.
    public init(_ core: Core, name: ModuleName = nil) {
        self.core = core
        super.init(name: name)
    }

    /// `core: LSTM(hiddenSize: 8)`.
    public override var configuration: [String] {
        ["core: \((core as? Module)?.description ?? "\(Core.self)")"]
    }

    /// The core's step after resetting `state` where `inputs.shouldReset`.
    public func callAsFunction(_ inputs: ResetInputs<Core.Input>, _ state: Core.State) -> (output: Core.Output, state: Core.State) {
        method(inputs, state) { inputs, state in
            let leaves = state.leaves
            let flags: [Tensor]
            switch resetFlags(inputs.shouldReset, leaves: leaves.count) {
            case let .success(perLeaf): flags = perLeaf
            case let .failure(error):
                let (output, next) = core(inputs.inputs, state)
                return (error.poisoning(output), error.poisoning(next))
            }
            if let (flag, leaf) = zip(flags, leaves).first(where: { Array($1.shape.prefix($0.rank)) != $0.shape }) {
                let error = invalidArgument("should_reset signal shape \(flag.shape) is not compatible with state shape \(leaf.shape)")
                let (output, next) = core(inputs.inputs, state)
                return (error.poisoning(output), error.poisoning(next))
            }
            let initial = self.initialState(batchSize: isBatched(state) ? inputs.inputs.leaves.first?.shape.first : nil)
            var remaining = zip(flags, initial.leaves).makeIterator()
            let reset = state.mapTensors { leaf in
                guard let (flag, start) = remaining.next() else { return leaf }
                let condition = flag.reshaped(flag.shape + Array(repeating: 1, count: leaf.rank - flag.rank))
                return select(condition, start.converted(to: leaf.dtype), leaf)
            }
            return core(inputs.inputs, reset)
        }
    }

    /// One flag tensor per state leaf: the single tensor repeated, or the
    /// leaves of a tree of the state's type and structure; another tree is
    /// an error naming this module.
    private func resetFlags(_ flags: AnyTensorTree, leaves count: Int) -> Result<[Tensor], HaikuError> {
        if let tensor = flags.base as? Tensor { return .success(Array(repeating: tensor, count: count)) }
        var structure = ""
        var expected = ""
        flags.appendStructure(to: &structure)
        initialState(batchSize: nil).appendStructure(to: &expected)
        guard flags.base is Core.State, structure == expected else {
            return .failure(invalidArgument("should_reset must be a tensor or a tree of the state's structure \(expected), not \(structure)"))
        }
        return .success(flags.leaves)
    }

    /// The wrapped core's initial state.
    public func initialState(batchSize: Int?) -> Core.State { core.initialState(batchSize: batchSize) }

    /// Whether `state` has a batch axis: its leaves have the shapes of a
    /// batch of one's past the first axis (an empty state has none).
    private func isBatched(_ state: Core.State) -> Bool {
        let leaves = state.leaves
        let batched = initialState(batchSize: 1).leaves
        return !leaves.isEmpty && leaves.count == batched.count
            && zip(leaves, batched).allSatisfy { $0.shape.dropFirst() == $1.shape.dropFirst() }
    }
}

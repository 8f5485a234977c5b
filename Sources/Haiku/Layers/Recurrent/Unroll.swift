/// Runs `core` over the leading (time) axis of `inputSequence`, carrying the
/// state, as one loop in the compiled program whatever the length
/// (`hk.dynamic_unroll`, built on ``scan(_:_:length:reverse:body:file:line:)``).
///
/// ```swift
/// let core = LSTM(32)
/// let (outputs, finalState) = dynamicUnroll(core, xs, core.initialState(batchSize: 8))  // xs [T, 8, features]
/// ```
///
/// - Parameters:
///   - inputSequence: a tree whose leaves are `[T, ...]`, or `[B, T, ...]`
///     when `timeMajor` is false.
///   - initialState: the state before the first step.
///   - timeMajor: whether time is the first axis of the inputs and outputs
///     (else the second).
///   - reverse: runs from the last step to the first; the outputs stay in
///     the inputs' order.
/// - Returns: the outputs of every step, stacked along the time axis, and
///   the state after the last step.
public func dynamicUnroll<Core: RNNCore>(
    _ core: Core, _ inputSequence: Core.Input, _ initialState: Core.State, timeMajor: Bool = true, reverse: Bool = false
) -> (outputs: Core.Output, finalState: Core.State) {
    let (finalState, outputs) = scanning(core, inputSequence, initialState, timeMajor: timeMajor, reverse: reverse) { output, _ in
        output
    }
    return (outputs, finalState)
}

/// ``dynamicUnroll(_:_:_:timeMajor:reverse:)`` returning the state after
/// every step instead of the last (`hk.dynamic_unroll` with
/// `return_all_states=True`): each state leaf gains the time axis, where
/// the outputs have it.
public func dynamicUnrollReturningAllStates<Core: RNNCore>(
    _ core: Core, _ inputSequence: Core.Input, _ initialState: Core.State, timeMajor: Bool = true, reverse: Bool = false
) -> (outputs: Core.Output, states: Core.State) {
    let (_, steps) = scanning(core, inputSequence, initialState, timeMajor: timeMajor, reverse: reverse) { output, state in
        UnrollStep(output: output, state: state)
    }
    return (steps.output, steps.state)
}

/// The final state and what `record` makes of each step's output and
/// state, stacked along the time axis, with `scan`.
private func scanning<Core: RNNCore, Record: TensorTree>(
    _ core: Core, _ inputSequence: Core.Input, _ initialState: Core.State, timeMajor: Bool, reverse: Bool,
    record: @escaping (Core.Output, Core.State) -> Record
) -> (Core.State, Record) {
    let inputs = timeMajor ? inputSequence : swappingBatchAndTime(inputSequence)
    let (finalState, records) = scan(initialState, inputs, reverse: reverse) { state, input in
        let (output, next) = core(input, state)
        return (next, record(output, next))
    }
    return (finalState, timeMajor ? records : swappingBatchAndTime(records))
}

/// One step's output and state, as one tree.
private struct UnrollStep<Output: TensorTree, State: TensorTree>: TensorTree {
    var output: Output
    var state: State

    func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> UnrollStep {
        UnrollStep(output: try output.mapTensors(transform), state: try state.mapTensors(transform))
    }
}

/// Runs `core` over the leading (time) axis of `inputSequence` as
/// ``dynamicUnroll(_:_:_:timeMajor:reverse:)`` does, but repeats the step in
/// the program once per time step instead of looping (`hk.static_unroll`):
/// compile time grows with the length, and XLA may optimize across steps.
public func staticUnroll<Core: RNNCore>(
    _ core: Core, _ inputSequence: Core.Input, _ initialState: Core.State, timeMajor: Bool = true
) -> (outputs: Core.Output, finalState: Core.State) {
    let inputs = timeMajor ? inputSequence : swappingBatchAndTime(inputSequence)
    let lengths = Set(inputs.leaves.map { $0.shape.first ?? -1 })
    guard let length = lengths.first, lengths.count == 1, length >= 0 else {
        let error = HaikuError.invalidArgument(
            "staticUnroll needs every input leaf to have the same length along the time axis, found \(lengths.sorted())",
            location: nil)
        let (output, state) = core(inputs.mapTensors { Tensor.zeros(Array($0.shape.dropFirst()), dtype: $0.dtype) }, initialState)
        return (error.poisoning(output.mapTensors { $0.expandingDimensions(axis: 0) }), error.poisoning(state))
    }
    guard length > 0 else {
        // No steps: the outputs' structure and types from a step on zeros, none of its values.
        let (output, _) = core(inputs.mapTensors { Tensor.zeros(Array($0.shape.dropFirst()), dtype: $0.dtype) }, initialState)
        let outputs = output.mapTensors { Tensor.zeros([0] + $0.shape, dtype: $0.dtype) }
        return (timeMajor ? outputs : swappingBatchAndTime(outputs), initialState)
    }
    let step = { (time: Int, state: Core.State) in core(inputs.mapTensors { $0[TensorIndex.at(time)] }, state) }
    let (first, firstState) = step(0, initialState)
    var state = firstState
    var steps = [first.leaves]
    for time in 1..<length {
        let (output, next) = step(time, state)
        steps.append(output.leaves)
        state = next
    }
    var leaf = 0
    let outputs = first.mapTensors { _ in
        defer { leaf += 1 }
        return stack(steps.map { $0[leaf] })
    }
    return (timeMajor ? outputs : swappingBatchAndTime(outputs), state)
}

/// Every leaf with its first two axes swapped (time-major ↔ batch-major).
private func swappingBatchAndTime<Tree: TensorTree>(_ tree: Tree) -> Tree {
    tree.mapTensors { leaf in
        leaf.transposed([1, 0] + Array(2..<Swift.max(2, leaf.rank)))
    }
}

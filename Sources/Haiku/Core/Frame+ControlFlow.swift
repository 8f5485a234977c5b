/// Haiku's control-flow policy (`stateful.py`): while initializing, loops
/// and branches must leave the frame with the structure it will have when
/// applying, so the steps that create parameters and state run in place,
/// outside the traced loop or branch. When applying, control flow is
/// `lax`'s, with state and the random stream carried.
extension Frame {
    /// `hk.scan`: while initializing, the first step runs outside the loop
    /// (its output stacked in front of the loop's), so that what it creates
    /// exists before the loop carries it; a scan of length 0 runs one step
    /// on zeros to learn the outputs' shapes.
    func scan<Carry: TensorTree, X: TensorTree, Y: TensorTree, Failure: Error>(
        _ initial: Carry, _ xs: X, count: Int, reverse: Bool,
        body: (Carry, X) throws(Failure) -> (Carry, Y),
        loop: (Carry, X, Int) throws(Failure) -> (carry: Carry, ys: Y)
    ) throws(Failure) -> (carry: Carry, ys: Y) {
        guard isInitializing else { return try loop(initial, xs, count) }
        guard count > 0 else {
            let (_, y) = try body(initial, xs.mapTensors { Tensor.zeros(Array($0.shape.dropFirst()), dtype: $0.dtype) })
            return (initial, y.mapTensors { Tensor.zeros([0] + $0.shape, dtype: $0.dtype) })
        }
        let (carry, y) = try body(initial, xs.mapTensors { $0[TensorIndex.at(reverse ? count - 1 : 0)] })
        let first = y.mapTensors { $0.expandingDimensions(axis: 0) }
        guard count > 1 else { return (carry, first) }
        let rest = xs.mapTensors { reverse ? $0[0..<(count - 1)] : $0[1..<count] }
        let output = try loop(carry, rest, count - 1)
        let others = output.ys.leaves
        let ys = first.mapLeaves { leaf, first in concatenate(reverse ? [others[leaf], first] : [first, others[leaf]]) }
        return (output.carry, ys)
    }

    /// `hk.fori_loop`: while initializing, the first step runs outside the
    /// loop (even when the range is empty, as Haiku's).
    func forLoop<State: TensorTree, Failure: Error>(
        _ lower: Int32, _ upper: Int32, _ initial: State,
        body: (Tensor, State) throws(Failure) -> State,
        loop: (Int32, State) throws(Failure) -> State
    ) throws(Failure) -> State {
        guard isInitializing else { return try loop(lower, initial) }
        let state = try body(Tensor(lower), initial)
        // An empty range stays empty (and `lower + 1` cannot overflow).
        return try loop(lower < upper ? lower + 1 : lower, state)
    }

    /// `hk.while_loop`: while initializing, the body runs once,
    /// unconditionally (the `running_init` pattern Haiku asks users to
    /// write by hand).
    func whileLoop<State: TensorTree, Failure: Error>(
        _ initial: State, body: (State) throws(Failure) -> State,
        loop: (State) throws(Failure) -> State
    ) throws(Failure) -> State {
        isInitializing ? try body(initial) : try loop(initial)
    }

    /// `hk.cond` / `hk.switch` whose branches create parameters or state:
    /// while initializing, every branch runs, in order, and the index picks
    /// an output (the `running_init` pattern); when applying, an error.
    func branchesCreatingValues<Output: TensorTree, Failure: Error>(
        op: String, index: Tensor, count: Int, run: (Int) throws(Failure) -> Output
    ) throws(Failure) -> Output? {
        guard isInitializing else { return nil }
        let outputs = try (0..<count).map { (number) throws(Failure) in try run(number) }
        let leaves = outputs.map(\.leaves)
        return outputs[0].mapLeaves { leaf, first in
            leaves.indices.dropFirst().reduce(first) { chosen, number in
                select(index .== Tensor(Int32(number)), leaves[number][leaf], chosen)
            }
        }
    }
}

extension TensorTree {
    /// The same structure with leaf number `i` replaced by `transform(i, leaf)`.
    fileprivate func mapLeaves(_ transform: (Int, Tensor) -> Tensor) -> Self {
        var index = 0
        return mapTensors { leaf in
            defer { index += 1 }
            return transform(index, leaf)
        }
    }
}

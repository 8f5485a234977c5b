/// The control-flow policy of a library that states none: control flow is
/// `lax`'s, with the implicit values carried through loops and branches.
extension ImplicitState {
    /// Runs `lax.scan` over every element.
    public func scan<Carry: TensorTree, X: TensorTree, Y: TensorTree, Failure: Error>(
        _ initial: Carry, _ xs: X, count: Int, reverse: Bool,
        body: (Carry, X) throws(Failure) -> (Carry, Y),
        loop: (Carry, X, Int) throws(Failure) -> (carry: Carry, ys: Y)
    ) throws(Failure) -> (carry: Carry, ys: Y) {
        try loop(initial, xs, count)
    }

    /// Runs `lax.fori_loop` from `lower`.
    public func forLoop<State: TensorTree, Failure: Error>(
        _ lower: Int32, _ upper: Int32, _ initial: State,
        body: (Tensor, State) throws(Failure) -> State,
        loop: (Int32, State) throws(Failure) -> State
    ) throws(Failure) -> State {
        try loop(lower, initial)
    }

    /// Runs `lax.while_loop`.
    public func whileLoop<State: TensorTree, Failure: Error>(
        _ initial: State, body: (State) throws(Failure) -> State,
        loop: (State) throws(Failure) -> State
    ) throws(Failure) -> State {
        try loop(initial)
    }

    /// Makes a branch that creates values an error.
    public func branchesCreatingValues<Output: TensorTree, Failure: Error>(
        op: String, index: Tensor, count: Int, run: (Int) throws(Failure) -> Output
    ) throws(Failure) -> Output? {
        nil
    }
}

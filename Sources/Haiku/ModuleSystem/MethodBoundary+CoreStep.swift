extension Module {
    /// The method boundary of a method that returns an output and a state
    /// (an RNN core's step): as ``method(_:name:nameLike:_:)``, but the
    /// pair passes the method interceptors as one tensor tree, a
    /// ``TupleTree`` of the two, so that a mixed-precision policy casts
    /// the output's and the state's floating-point leaves alike, as Haiku
    /// casts every leaf of a method's result. An interceptor sees (and must
    /// return) that `TupleTree<Output, State>`.
    ///
    /// - Parameters:
    ///   - arguments: the method's arguments, passed on to `body`.
    ///   - name: the method's name (`#function`).
    ///   - nameLike: name submodules as if made in this other method.
    ///   - body: the method's work, giving the output and the state.
    public func method<each Argument, Output: TensorTree, State: TensorTree>(
        _ arguments: repeat each Argument, name: String = #function, nameLike: String? = nil,
        _ body: (repeat each Argument) -> (output: Output, state: State)
    ) -> (output: Output, state: State) {
        let pair: TupleTree<Output, State> = method(repeat each arguments, name: name, nameLike: nameLike) {
            (values: repeat each Argument) -> TupleTree<Output, State> in
            let step = body(repeat each values)
            return TupleTree(step.output, step.state)
        }
        return pair.elements
    }
}

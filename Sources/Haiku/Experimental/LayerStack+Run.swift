/// How a layer stack runs: its parameters and state lifted into the outer
/// function (made by one loop over the layers while initializing), then
/// one loop over the layers applying each with its slice of them.
extension LayerStack {
    /// The layer as a transformed function of the carried input and the
    /// per-layer inputs, returning the next input and the per-layer output.
    typealias Layer<X: TensorTree, Y: TensorTree, Z: TensorTree> = TransformedWithState<X, Y, TupleTree<X, Z>>

    /// `layer` stacked and applied to `x` and the per-layer inputs `ys`.
    func run<X: TensorTree, Y: TensorTree, Z: TensorTree>(
        _ layer: @escaping (X, Y) throws -> (X, Z), _ x: X, _ ys: Y
    ) throws -> (x: X, zs: Z) {
        guard numLayers >= 0 else { throw invalid("numLayers must be 0 or more, not \(numLayers)") }
        guard unroll >= 0 else { throw invalid("unroll must be 0 or more, not \(unroll)") }
        if transparent, transparencyMap == nil { throw invalid("transparent: true needs a transparencyMap") }
        let inner: Layer<X, Y, Z> = TransformedWithState({ (x: X, y: Y) throws -> TupleTree<X, Z> in
            let (next, z) = try layer(x, y)
            return TupleTree(next, z)
        }, location: location)
        let scope = Box<LiftedScope>()
        let initializationKey = maybeNextRNGKey()
        let (params, state) = try liftValues(
            name: name, transparent: transparencyMap != nil, scope: scope, function: "layerStack", location: location
        ) {
            let stacked = try initializeLayers(inner, x, ys, rng: initializationKey)
            return (try flattened(stacked.params), try flattened(stacked.state))
        }
        let keys = maybeNextRNGKey().map { split($0, shape: [numLayers]) }
        let layers = TupleTree(try stacked(params), try stacked(state), keys, ys)
        let (last, outputs) = try withoutImplicitState {
            try scan(x, layers, length: numLayers, unroll: unroll) { (x: X, layer: TupleTree<Params, State, PRNGKey?, Y>) throws -> (X, TupleTree<Z, State>) in
                let (params, state, key, y) = layer.elements
                let (output, newState) = try inner.apply(params, state, rng: key, x, y)
                let (next, z) = output.elements
                return (next, TupleTree(z, newState))
            }
        }
        let (zs, newState) = outputs.elements
        try LiftWithStateUpdater(lifted: scope, location: location).update(try flattened(newState))
        return (last, zs)
    }

    /// Every layer's parameters and state, stacked: one loop over the
    /// layers, each initialized with its own key and run once (its state
    /// is the state after that run, as Haiku's), the carried input
    /// passing from layer to layer.
    private func initializeLayers<X: TensorTree, Y: TensorTree, Z: TensorTree>(
        _ inner: Layer<X, Y, Z>, _ x: X, _ ys: Y, rng: PRNGKey?
    ) throws -> (params: Params, state: State) {
        let (_, layers) = try withoutImplicitState {
            try scan(TupleTree(x, rng), ys, length: numLayers) { (carry: TupleTree<X, PRNGKey?>, y: Y) throws -> (TupleTree<X, PRNGKey?>, TupleTree<Params, State>) in
                let (x, key) = carry.elements
                // This layer's key, the next layer's, and the key of this layer's first run.
                let keys = key.map { split($0, 3) }
                let (params, state) = try inner.initialize(rng: keys?[0], x, y)
                let (output, ranState) = try inner.apply(params, state, rng: keys?[2], x, y)
                return (TupleTree(output.elements.0, keys?[1]), TupleTree(params, ranState))
            }
        }
        return layers.elements
    }

    /// Runs `body` as plain `lax` control flow: the outer function's
    /// implicit values are not carried through the stack's loops (each
    /// layer runs in a transformed function of its own).
    private func withoutImplicitState<Result>(_ body: () throws -> Result) throws -> Result {
        try ImplicitStateContext.$current.withValue(nil) { try body() }
    }
}

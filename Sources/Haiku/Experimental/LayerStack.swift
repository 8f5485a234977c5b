/// Repeats a layer function `numLayers` times without sharing its
/// parameters (`hk.layer_stack`), compiled as one loop over the layers'
/// parameters stacked along a leading axis of length `numLayers`, so that
/// compile time does not grow with depth.
///
/// Each parameter and state of the layer is stored once, with a leading
/// dimension `numLayers`, under the stack's name: four `Linear(3)` layers
/// give `__layer_stack_no_per_layer/linear` with `w` of shape `[4, 3, 3]`
/// and `b` of shape `[4, 3]`. Each layer gets its own random key: while
/// initializing, a key splits in three per layer (the layer's key, the
/// next layer's, and the key the layer's first run uses); while applying,
/// one key splits into `numLayers`, as Haiku splits them.
///
/// ```swift
/// let forward = transform { (x: Tensor) in
///     try layerStack(4)({ (x: Tensor) in relu(Linear(3)(x)) })(x)
/// }
/// ```
///
/// With `withPerLayerInputs`, the layer takes the carried input and this
/// layer's slice of per-layer inputs, and returns the next input and a
/// per-layer output; the stack returns the last input and the outputs
/// stacked along a leading axis:
///
/// ```swift
/// let stack = layerStack(4, withPerLayerInputs: true)
/// let (x, zs) = try stack({ (x: Tensor, y: [Tensor]) in (x + 1, y[0] + y[1]) })(Tensor(Int32(0)), [ys0, ys1])
/// ```
///
/// - Parameters:
///   - numLayers: how many times to apply the layer (0 or more).
///   - withPerLayerInputs: whether the layer takes per-layer inputs and
///     returns per-layer outputs; decides the default name, and must match
///     the form of the layer function given.
///   - unroll: how many layers each iteration of the compiled loop runs
///     (`scan`'s `unroll`).
///   - transparent: whether parameters are named as if the layers were
///     written as a loop (needs `transparencyMap`).
///   - transparencyMap: how stacked module names map to the names of the
///     loop's layers; given, the stack is transparent.
///   - name: the name parameters are stored under; by default
///     `__layer_stack_no_per_layer` or `__layer_stack_with_per_layer`.
/// - Returns: what wraps a layer function into the stacked function. Bad
///   arguments make the stacked function throw
///   ``HaikuError/invalidArgument(_:location:)`` naming `layerStack`.
public func layerStack(
    _ numLayers: Int, withPerLayerInputs: Bool = false, unroll: Int = 1, transparent: Bool = false,
    transparencyMap: (any LayerStackTransparencyMapping)? = nil, name: String? = nil,
    file: String = #fileID, line: Int = #line
) -> LayerStack {
    LayerStack(numLayers: numLayers, withPerLayerInputs: withPerLayerInputs, unroll: unroll, transparent: transparent,
               transparencyMap: transparencyMap, name: name, location: location(file, line))
}

/// A layer stack's configuration; calling it with a layer function gives
/// the stacked function (see ``layerStack(_:withPerLayerInputs:unroll:transparent:transparencyMap:name:file:line:)``).
public struct LayerStack {
    let numLayers: Int
    let withPerLayerInputs: Bool
    let unroll: Int
    let transparent: Bool
    let transparencyMap: (any LayerStackTransparencyMapping)?
    let explicitName: String?
    let location: String?

    init(numLayers: Int, withPerLayerInputs: Bool, unroll: Int, transparent: Bool,
         transparencyMap: (any LayerStackTransparencyMapping)?, name: String?, location: String?) {
        self.numLayers = numLayers
        self.withPerLayerInputs = withPerLayerInputs
        self.unroll = unroll
        self.transparent = transparent
        self.transparencyMap = transparencyMap
        explicitName = name
        self.location = location
    }

    /// The name parameters are stored under.
    var name: String {
        if let explicitName, !explicitName.isEmpty { return explicitName }
        return withPerLayerInputs ? "__layer_stack_with_per_layer" : "__layer_stack_no_per_layer"
    }

    /// The stacked function of a layer without per-layer inputs: `layer`
    /// applied `numLayers` times, each time with its own parameters.
    ///
    /// The stacked function throws ``HaikuError/invalidArgument(_:location:)``
    /// for a bad configuration or when the stack was made with
    /// `withPerLayerInputs`, ``HaikuError/outsideTransform(function:location:)``
    /// outside a transformed function, and what `layer` throws.
    public func callAsFunction<X: TensorTree>(_ layer: @escaping (X) throws -> X) -> (X) throws -> X {
        { x in
            try self.requirePerLayerInputs(false)
            return try self.run({ (x: X, _: [Tensor]) in (try layer(x), [Tensor]()) }, x, []).x
        }
    }

    /// The stacked function of a layer with per-layer inputs: `layer(x, y)`
    /// returns the next `x` and this layer's output `z`; the stacked
    /// function takes `ys` with a leading dimension `numLayers` on every
    /// leaf and returns the last `x` and the `z`s stacked.
    ///
    /// The stacked function throws ``HaikuError/invalidArgument(_:location:)``
    /// for a bad configuration, a per-layer input whose leading dimension
    /// is not `numLayers`, or when the stack was made without
    /// `withPerLayerInputs`; ``HaikuError/outsideTransform(function:location:)``
    /// outside a transformed function, and what `layer` throws.
    public func callAsFunction<X: TensorTree, Y: TensorTree, Z: TensorTree>(
        _ layer: @escaping (X, Y) throws -> (X, Z)
    ) -> (X, Y) throws -> (X, Z) {
        { x, ys in
            try self.requirePerLayerInputs(true)
            for leaf in ys.leaves where leaf.shape.first != self.numLayers {
                throw self.invalid("every per-layer input needs leading dimension \(self.numLayers), found shape \(leaf.shape)")
            }
            return try self.run(layer, x, ys)
        }
    }

    /// Throws unless the stack was made for a layer of this form.
    private func requirePerLayerInputs(_ given: Bool) throws {
        if given != withPerLayerInputs {
            throw invalid(given ? "a layer taking per-layer inputs needs withPerLayerInputs: true"
                          : "a layer without per-layer inputs needs withPerLayerInputs: false")
        }
    }

    /// A ``HaikuError/invalidArgument(_:location:)`` naming `layerStack`.
    func invalid(_ reason: String) -> HaikuError {
        .invalidArgument("layerStack: \(reason)", location: location)
    }
}

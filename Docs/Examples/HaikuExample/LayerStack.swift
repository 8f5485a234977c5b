// The layer stack examples of Docs/Experimental-LayerStack.md, compiled with the package.
import Haiku

/// A pre-norm Transformer block: self-attention and an MLP, each added to
/// its input (the block the compile-time comparison stacks).
func transformerBlock(_ x: Tensor) -> Tensor {
    let modelSize = x.shape[x.rank - 1]
    let normalized = LayerNorm(axis: -1, createScale: true, createOffset: true)(x)
    let attended = x + MultiHeadAttention(numHeads: 4, keySize: modelSize / 4, wInitScale: 1)(normalized, normalized, normalized)
    let hidden = LayerNorm(axis: -1, createScale: true, createOffset: true)(attended)
    return attended + MLP([4 * modelSize, modelSize], activation: { gelu($0) })(hidden)
}

/// Four `Linear` layers with their own parameters, stored stacked, and the
/// spec's per-layer example.
func layerStackExample() throws {
    let forward = transform { (x: Tensor) in
        try layerStack(4)({ (x: Tensor) in relu(Linear(3)(x)) })(x)
    }
    let x = Tensor.ones([2, 3])
    let params = try forward.initialize(rng: PRNGKey(42), x)
    for (module, values) in params {
        for (name, value) in values { print("\(module)/\(name):", value.shape) }
    }
    print("stacked output shape:", try forward.apply(params, x).shape)

    // with_per_layer_inputs: each layer gets its slice of ys and returns a per-layer output.
    let perLayer = transform { (x: Tensor, ys: [Tensor]) -> [Tensor] in
        let (last, zs) = try layerStack(4, withPerLayerInputs: true)({ (x: Tensor, y: [Tensor]) in (x + 1, y[0] + y[1]) })(x, ys)
        return [last, zs]
    }
    let ys = [Tensor([Int32(1), 2, 3, 4]), Tensor([Int32(5), 6, 7, 8])]
    let outputs = try perLayer.apply(try perLayer.initialize(rng: nil, Tensor(Int32(0)), ys), Tensor(Int32(0)), ys)
    print("x:", outputs[0], "zs:", outputs[1])
}

/// The trace, lowering and XLA compile times of `numLayers` Transformer
/// blocks applied under `jit`, stacked or written as a loop (run with
/// `HaikuExample layer-stack-compile`; HK_COMPILE_CACHE_DIR=off makes every
/// compile real).
func layerStackCompileTimes() throws {
    let x = normal(PRNGKey(0), [2, 32, 64])
    for numLayers in [2, 12, 24] {
        for stacked in [true, false] {
            let model = transform { (x: Tensor) -> Tensor in
                if stacked { return try layerStack(numLayers)({ (x: Tensor) in transformerBlock(x) })(x) }
                return (0..<numLayers).reduce(x) { x, _ in transformerBlock(x) }
            }
            let params = try model.initialize(rng: PRNGKey(1), x)
            let apply = jit { (params: Params, x: Tensor) in try model.apply(params, x) }
            try CompileReports.observe({ report in
                print("layers \(numLayers) \(stacked ? "stacked" : "loop   "): trace \(report.traceTime),"
                      + " lowering \(report.loweringTime), compile \(report.compileTime)")
            }, during: {
                _ = try apply(params, x).shape
            })
        }
    }
}

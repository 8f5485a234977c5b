// The Haiku guide's examples (Docs/Haiku.md, Docs/Normalization.md, Docs/Recurrent.md, Docs/Attention.md, Docs/Nets.md, Docs/LanguageModel.md, Docs/Compiling.md, Docs/MixedPrecision.md, Docs/Visualization.md, Docs/Experimental-LayerStack.md), compiled with the package.
// With arguments, runs only the named programs: the seed's guides ported (`HaikuExample basics training-subset`), `mnist`,
// `mixed-precision`, `layer-stack` and `layer-stack-compile` (a Transformer's compile times, stacked and as a loop).
import Glibc
import Haiku

/// A module: parameters are named after it (`my_linear/w`).
final class MyLinear: Module {
    let outputSize: Int

    init(_ outputSize: Int, name: ModuleName = nil) {
        self.outputSize = outputSize
        super.init(name: name)
    }

    func callAsFunction(_ x: Tensor) -> Tensor {
        method(x) { x in
            let inputSize = x.shape.last!
            let w = parameter("w", shape: [inputSize, outputSize], init: TruncatedNormal(stddev: 1 / Double(inputSize).squareRoot()))
            let b = parameter("b", shape: [outputSize], init: .ones)
            return matmul(x, w) + b
        }
    }
}

/// Submodules created before `super.init` are its children: `encoder/~/linear`.
final class Encoder: Module {
    let hidden: MLP

    override init(name: ModuleName = nil) {
        hidden = MLP([8, 4])
        super.init(name: name)
    }

    func callAsFunction(_ x: Tensor) -> Tensor {
        method(x) { x in
            // A counter in the module's state.
            let calls = getState("calls", shape: [], dtype: .int32, init: .zeros)
            setState("calls", calls + 1)
            // JAX transformations work directly: vmap over examples, parameters shared.
            return vmap({ (row: Tensor) in self.hidden(row) })(x)
        }
    }
}

/// Batch normalization in training and evaluation (Docs/Normalization.md):
/// the moving averages are state, threaded from each apply to the next.
func batchNormExample() throws {
    func model(_ x: Tensor, isTraining: Bool) -> Tensor {
        let hidden = Linear(16)(x)
        let normalized = BatchNorm(createScale: true, createOffset: true, decayRate: 0.9)(hidden, isTraining: isTraining)
        return Linear(1)(relu(normalized))
    }
    let loss = transformWithState { (x: Tensor, y: Tensor) -> Tensor in
        let error = model(x, isTraining: true) - y
        return (error * error).mean()
    }
    let predict = transformWithState { (x: Tensor) in model(x, isTraining: false) }

    let x = normal(PRNGKey(0), [64, 4])
    let y = x.sum(axes: [1], keepDims: true)
    var (params, state) = try loss.initialize(rng: PRNGKey(42), x, y)
    for step in 0..<30 {
        // The gradient of the loss, with the updated state as an auxiliary output.
        let ((value, newState), gradients) = try valueAndGrad { (params: Params) -> (Tensor, State) in
            let (value, newState) = try loss.apply(params, state, x, y)
            return (value, newState)
        }(params)
        params = DataStructures.map(params) { module, name, w in w - 0.1 * gradients[module]![name]! }
        state = newState
        if step % 10 == 0 { print("step \(step) loss:", value) }
    }
    print("mean_ema counter:", state["batch_norm/~/mean_ema"]!["counter"]!)
    // Evaluation normalizes with the moving averages and leaves the state alone.
    let (prediction, _) = try predict.apply(params, state, x)
    print("evaluation loss:", ((prediction - y) * (prediction - y)).mean())
}

/// The seed's guides ported cell by cell and an MNIST training loop, by the name that runs them.
let guides: [String: () throws -> Void] = [
    "basics": basicsColab, "training-subset": trainingSubsetGuide, "mnist": mnistTraining,
    "mixed-precision": mixedPrecisionExample,
    "layer-stack": layerStackExample, "layer-stack-compile": layerStackCompileTimes,
]
let requested = CommandLine.arguments.dropFirst()
for name in requested {
    guard let guide = guides[name] else {
        print("unknown guide '\(name)'; the guides are \(guides.keys.sorted())")
        exit(2)
    }
    do {
        try guide()
    } catch {
        print("error:", error)
        exit(1)
    }
}
if !requested.isEmpty { exit(0) }

do {
    try batchNormExample()
    try recurrentExample()
    try attentionExample()
    try resnetExample()
    try mobileNetVQExample()
    try languageModelExample()
    try paramsAndShapesExample()
    try compileReportExample()
    try mixedPrecisionExample()
    try bucketingExample()
    try visualizationExample()
    let x = Tensor([[1.0, 2, 3]])
    let linear = transform { (x: Tensor) in MyLinear(2)(x) }
    let params = try linear.initialize(rng: PRNGKey(42), x)
    print("my_linear/w:", params["my_linear"]!["w"]!)
    print("output:", try linear.apply(params, x))

    let encoder = transformWithState { (x: Tensor) in Encoder()(x) }
    var (encoderParams, state) = try encoder.initialize(rng: PRNGKey(0), x)
    print("parameters:", encoderParams.keys.sorted())
    for _ in 0..<2 { (_, state) = try encoder.apply(encoderParams, state, x) }
    print("calls:", state["encoder"]!["calls"]!)
    encoderParams = DataStructures.map(encoderParams) { _, _, value in value * 0 }
    print("zeroed output:", try encoder.apply(encoderParams, state, x).output)

    // A small convolutional network (Docs/ConvolutionalModules.md).
    let cnn = transform { (images: Tensor) -> Tensor in
        var x = relu(Conv2D(outputChannels: 4, kernelShape: 3)(images))
        x = maxPool(x, windowShape: 2, strides: 2, padding: .valid)
        x = relu(Conv2D(outputChannels: 8, kernelShape: 3, stride: 2, padding: .valid)(x))
        return Linear(10)(Flatten()(x))
    }
    let images = Tensor.zeros([2, 12, 12, 1])
    let cnnParams = try cnn.initialize(rng: PRNGKey(0), images)
    for module in cnnParams.keys.sorted() {
        for (name, value) in cnnParams[module]!.sorted(by: { $0.key < $1.key }) { print("\(module)/\(name):", value.shape) }
    }
    print("cnn output shape:", try cnn.apply(cnnParams, images).shape)
    // Causal padding: each output depends on the present and the past only.
    let causal = transform { (x: Tensor) in Conv1D(outputChannels: 1, kernelShape: 3, padding: .causal)(x) }
    print("causal output shape:", try causal.apply(try causal.initialize(rng: PRNGKey(1), Tensor.ones([5, 2])), Tensor.ones([5, 2])).shape)
} catch {
    print("error:", error)
}

// The Haiku Basics colab (spec 1.1), cell by cell in this library's spellings, compiled with the package.
// `HaikuExample basics` prints what the colab prints (checked by HaikuTests' GuideExampleTests).
import Haiku

/// [2] A linear module with its own initializers: `UnaryModule` runs
/// `forward` inside the method boundary (Haiku's `__call__`).
final class MyLinear1: Module, UnaryModule {
    let outputSize: Int

    init(outputSize: Int, name: ModuleName = nil) {
        self.outputSize = outputSize
        super.init(name: name)
    }

    func forward(_ x: Tensor) -> Tensor {
        let (j, k) = (x.shape.last ?? 1, outputSize)
        let w = parameter("w", shape: [j, k], dtype: x.dtype, init: TruncatedNormal(stddev: 1 / Double(j).squareRoot()))
        let b = parameter("b", shape: [k], dtype: x.dtype, init: .ones)
        return matmul(x, w) + b
    }
}

/// [10] Built-in modules nested in a custom one. A stored property's
/// initial value is made before `super.init`, so it is a child too.
final class MyModuleCustom: Module, UnaryModule {
    let internalLinear1 = MLP([2, 3], name: "hk_internal_linear")
    let internalLinear2: MyLinear1

    init(outputSize: Int = 2, name: ModuleName = "custom_linear") {
        internalLinear2 = MyLinear1(outputSize: outputSize, name: "old_linear")
        super.init(name: name)
    }

    func forward(_ x: Tensor) -> Tensor { internalLinear2(internalLinear1(x)) }
}

/// [11] A Bernoulli sample from the next random key.
final class HkRandom2: Module, UnaryModule {
    let rate: Double

    init(rate: Double = 0.5) {
        self.rate = rate
        super.init()
    }

    func forward(_ x: Tensor) -> Tensor { bernoulli(nextRNGKey(), p: Tensor(floatLiteral: 1 - rate), shape: x.shape) }
}

/// [11] Two samples, the outer key drawn first; returned as a tuple
/// (Python prints them inside the module).
final class HkRandomNest: Module, UnaryModule {
    let rate: Double
    let anotherRandomModule: HkRandom2

    init(rate: Double = 0.5) {
        self.rate = rate
        anotherRandomModule = HkRandom2()
        super.init()
    }

    func forward(_ x: Tensor) -> (Tensor, Tensor) {
        let key2 = nextRNGKey()
        let p1 = anotherRandomModule(x)
        return (p1, bernoulli(key2, p: Tensor(floatLiteral: 1 - rate), shape: x.shape))
    }
}

/// The colab's cells in order, printing what it prints.
func basicsColab() throws {
    // [3]-[6] transform, initialize, apply.
    let forwardLinear1 = transform { (x: Tensor) in MyLinear1(outputSize: 2)(x) }
    print(forwardLinear1)
    let rngKey = PRNGKey(42)
    var params = try forwardLinear1.initialize(rng: rngKey, Tensor([[1.0, 2, 3]]))
    print(params)
    var sampleX = Tensor([[1.0, 2, 3]])
    let sampleX2 = Tensor([[4.0, 5, 6], [7, 8, 9]])
    let output1 = try forwardLinear1.apply(params, rng: rngKey, sampleX)
    let output2 = try forwardLinear1.apply(params, rng: rngKey, sampleX)
    let output3 = try forwardLinear1.apply(params, rng: rngKey, sampleX2)
    print("Output 1 : \(output1)")
    print("Output 2 (same as output 1): \(output2)")
    print("Output 3 : \(output3)")

    // [7] No random key for a deterministic apply.
    let forwardWithoutRNG = withoutApplyRNG(transform { (x: Tensor) in MyLinear1(outputSize: 2)(x) })
    params = try forwardWithoutRNG.initialize(rng: rngKey, sampleX)
    print("Output without random key in forward pass \n \(try forwardWithoutRNG.apply(params, sampleX))")

    // [8] Parameters are a tree: map it.
    let mutatedParams = treeMap(params) { $0 + 1 }
    print("Mutated params \n : \(mutatedParams)")
    print("Output with mutated params \n \(try forwardWithoutRNG.apply(mutatedParams, sampleX))")

    // [9] State carried from call to call.
    let statefulForward = withoutApplyRNG(transformWithState { (x: Tensor) in
        let counter = getState("counter", shape: [], dtype: .int32, init: .ones)
        let multiplier = parameter("multiplier", shape: [1], dtype: x.dtype, init: .ones)
        setState("counter", counter + 1)
        return x + multiplier * counter.converted(to: x.dtype)
    })
    sampleX = Tensor([[5.0]])
    let (statefulParams, initialState) = try statefulForward.initialize(rng: rngKey, sampleX)
    var state = initialState
    print("Initial params:\n\(statefulParams)\nInitial state:\n\(initialState)")
    print("#####")
    for i in 0..<3 {
        let output: Tensor
        (output, state) = try statefulForward.apply(statefulParams, state, sampleX)
        print("After \(i + 1) iterations:\nOutput: \(output)\nState: \(state)")
        print("#####")
    }

    // [10] Nested modules' parameters are named after their nesting.
    let customForwardWithoutRNG = withoutApplyRNG(transform { (x: Tensor) in MyModuleCustom()(x) })
    print(try customForwardWithoutRNG.initialize(rng: rngKey, sampleX))

    // [11] The same key gives the same samples.
    let forward = transform { (x: Tensor) in HkRandomNest()(x) }
    let x = Tensor(Float(1))
    let randomParams = try forward.initialize(rng: rngKey, x)
    for i in 0..<5 {
        print("\n Iteration \(i + 1)")
        let (p1, p2) = try forward.apply(randomParams, rng: rngKey, x)
        print("Bernoullis are : (\(p1), \(p2))")
    }
}

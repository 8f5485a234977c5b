import Haiku
import NumericsSupport
import Testing

/// `Sequential` with modules and functions in one list, and the call's
/// extra arguments reaching its first layer only, against real Haiku 0.0.17
/// (`Fixtures/sequential.json`, `Scripts/fixtures/sequential.py`) and
/// against the same layers called one by one.
@Suite struct SequentialTests {
    static let fixture: FixtureValue = fixtureFile("sequential")

    /// A user's block that doubles its input while training.
    final class Doubling: Module, TrainingLayer {
        func callAsFunction(_ inputs: Tensor, isTraining: Bool) -> Tensor {
            method(inputs) { inputs in isTraining ? inputs * 2 : inputs }
        }
    }

    /// A user's block with only an input.
    final class AddOne: Module, UnaryLayer {
        func callAsFunction(_ inputs: Tensor) -> Tensor { method(inputs) { $0 + 1 } }
    }

    @Test func mlpOfModulesAndFunctionsMatchesHaiku() throws {
        let c = Self.fixture["mlp"]
        let x = c["x"].tensor
        let f = transform { (x: Tensor) in Sequential([Linear(300), relu, Linear(10)])(x) }
        let params = try f.initialize(rng: PRNGKey(42), x)
        c["params"].expectBundles(params, "params")
        let bound = LinearChainBound(params: params, input: x)
        c["output"].expectContraction(try f.apply(params, x), "output", tolerance: bound.tolerance,
                                      magnitudes: bound.magnitudes)
    }

    /// `Sequential([BatchNorm(True, True, 0.9), Linear(4), relu])(x, is_training=...)`:
    /// the flag reaches the `BatchNorm`, whose state threads through three
    /// training steps and an evaluation. Parameters and state (reductions
    /// only) bit for bit; outputs after the `Linear` within its chain bound,
    /// with the normalized input (the `BatchNorm` alone, run on the same
    /// parameters and state) as the chain's input.
    @Test func leadingBatchNormReceivesIsTraining() throws {
        let c = Self.fixture["leading_batch_norm"]
        let batchNorm = { BatchNorm(createScale: true, createOffset: true, decayRate: 0.9) }
        let f = transformWithState { (x: Tensor, isTraining: Static<Bool>) in
            Sequential([batchNorm(), Linear(4), relu])(x, isTraining: isTraining.value)
        }
        let normalized = transformWithState { (x: Tensor, isTraining: Static<Bool>) in
            batchNorm()(x, isTraining: isTraining.value)
        }
        var (params, state) = try f.initialize(rng: PRNGKey(42), c["x"].tensor, Static(true))
        c["params"].expectBundles(params, "params")
        c["initial_state"].expectBundles(state, "initial state")
        for (index, step) in c["steps"].array.enumerated() {
            let isTraining = Static(step["is_training"].bool)
            let x = step["x"].tensor
            let (hidden, _) = try normalized.apply(params.filter { $0.key == "batch_norm" }, state, x, isTraining)
            let bound = LinearChainBound(params: params.filter { $0.key == "linear" }, input: hidden)
            let output: Tensor
            (output, state) = try f.apply(params, state, x, isTraining)
            step["output"].expectContraction(output, "step \(index) output", tolerance: bound.tolerance,
                                             magnitudes: bound.magnitudes)
            step["state"].expectBundles(state, "step \(index) state")
        }
    }

    /// The module of `hk.Sequential`'s docstring, which calls `BatchNorm`
    /// with `is_training` itself: Haiku's parameter and state names, shapes
    /// and dtypes, and the output's shape.
    @Test func docstringCustomModuleHasHaikusLayout() throws {
        final class CustomModule: Module, TrainingLayer {
            func callAsFunction(_ x: Tensor, isTraining: Bool) -> Tensor {
                method(x) { x in
                    let y = Conv2D(outputChannels: 32, kernelShape: 4, stride: 2)(x)
                    return relu(BatchNorm(createScale: true, createOffset: true, decayRate: 0.9)(y, isTraining: isTraining))
                }
            }
        }
        let c = Self.fixture["custom_module"]
        let f = transformWithState { (x: Tensor, isTraining: Static<Bool>) in CustomModule()(x, isTraining: isTraining.value) }
        let x = Tensor.ones([2, 8, 8, 3])
        let (params, state) = try f.initialize(rng: PRNGKey(42), x, Static(true))
        for (expected, actual, label) in [(c["params"], params, "params"), (c["state"], state, "state")] {
            #expect(actual.keys.sorted() == expected.keys, "\(label) modules")
            for module in expected.keys {
                #expect(actual[module]?.keys.sorted() == expected[module].keys, "\(label) \(module)")
                for name in expected[module].keys {
                    let value = actual[module]?[name]
                    #expect(value?.shape == expected[module][name]["shape"].ints, "\(label) \(module)/\(name) shape")
                    #expect(value?.dtype.name == expected[module][name]["dtype"].string, "\(label) \(module)/\(name) dtype")
                }
            }
        }
        for isTraining in [true, false] {
            let (output, _) = try f.apply(params, state, x, Static(isTraining))
            #expect(output.shape == c["output_shape"].ints)
        }
        let (output, _) = try transformWithState { (x: Tensor) in Sequential([CustomModule(), Flatten()])(x, isTraining: true) }
            .apply(params, state, x)
        #expect(output.shape == [2, 512])
    }

    @Test func layersRunInOrderAsWhenCalledOneByOne() throws {
        let x = Tensor([1, -2, 3, -4, 5, -6] as [Float], shape: [2, 3])
        let sequential = transform { (x: Tensor) in
            Sequential([Linear(4), relu, { (x: Tensor) in x * 2 }, AddOne(), Linear(2).callAsFunction])(x)
        }
        let byHand = transform { (x: Tensor) in
            let hidden = relu(Linear(4)(x)) * 2
            return Linear(2)(AddOne()(hidden))
        }
        let params = try sequential.initialize(rng: PRNGKey(1), x)
        #expect(params.keys.sorted() == ["linear", "linear_1"])
        #expect(try sequential.apply(params, x).scalars(as: Float.self) == byHand.apply(params, x).scalars(as: Float.self))
    }

    @Test func extraArgumentsGoToTheFirstLayerOnly() throws {
        let x = Tensor([1, 2, 3] as [Float])
        let f = transform { (x: Tensor, isTraining: Static<Bool>) in
            Sequential([Doubling(), AddOne(), relu])(x, isTraining: isTraining.value)
        }
        let params = try f.initialize(rng: nil, x, Static(true))
        #expect(try f.apply(params, x, Static(true)).scalars(as: Float.self) == [3, 5, 7])
        #expect(try f.apply(params, x, Static(false)).scalars(as: Float.self) == [2, 3, 4])
    }

    @Test func nestedSequentialsAndFunctionsOfArgumentsReceiveThem() throws {
        let x = Tensor([1, 2] as [Float])
        let scaled = { (x: Tensor, arguments: LayerArguments) -> Tensor in
            let factor = (try? arguments.value("factor", as: Float.self, by: "scaled")) ?? nil
            return x * Tensor(factor ?? 1)
        }
        let f = transform { (x: Tensor) in
            Sequential([Sequential([scaled, AddOne()]), AddOne()])(x, arguments: ["factor": Float(10)])
        }
        #expect(try f.apply(f.initialize(rng: nil, x), x).scalars(as: Float.self) == [12, 22])
    }

    @Test func anEntryThatIsNotALayerIsAnErrorNamingItsPosition() throws {
        let error = try #require(initializationError(Tensor.ones([2, 3])) { Sequential([Linear(2), 5])($0) })
        #expect(error.description.contains("sequential (Sequential): layer 1: a Int is not a layer"), "\(error)")
    }

    @Test func aLayerGivenArgumentsItDoesNotTakeIsAnErrorNamingIt() throws {
        let linear = try #require(initializationError(Tensor.ones([2, 3])) { Sequential([Linear(2), relu])($0, isTraining: true) })
        #expect(linear.description.contains("linear (Linear): got unexpected argument `isTraining`"), "\(linear)")
        let function = try #require(initializationError(Tensor.ones([2, 3])) {
            Sequential([relu, Linear(2)])($0, arguments: ["isTraining": true, "rate": 0.5])
        })
        #expect(function.description.contains(
            "sequential (Sequential): layer 0 is a function (Tensor) -> Tensor, which takes no arguments, but was given "
                + "`isTraining`, `rate`"), "\(function)")
    }

    @Test func aTrainingLayerNeedsABoolIsTraining() throws {
        let missing = try #require(initializationError(Tensor.ones([3])) { Sequential([Doubling()])($0) })
        #expect(missing.description.contains("doubling (Doubling): missing argument `isTraining`"), "\(missing)")
        let wrongType = try #require(initializationError(Tensor.ones([3])) {
            Sequential([Doubling()])($0, arguments: ["isTraining": "yes"])
        })
        #expect(wrongType.description.contains("doubling (Doubling): `isTraining` must be Bool, not String"), "\(wrongType)")
    }
}

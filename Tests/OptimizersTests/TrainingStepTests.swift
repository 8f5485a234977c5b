import Haiku
import Testing

/// Optimizers in the places users put them: a whole Haiku training step in
/// one `jit`, eager steps, and parameter trees other than Haiku's.
@Suite struct TrainingStepTests {
    /// A Haiku MLP learns a small classification problem with Adam, each
    /// step (loss, gradient, update) compiled once.
    @Test func trainsAHaikuMLPInsideJit() throws {
        let forward = transform { (x: Tensor) in MLP([16, 3])(x) }
        let inputs = normal(PRNGKey(0), [24, 4])
        let labels = inputs.argmax(axis: -1).converted(to: .int32) % 3
        let params = try forward.initialize(rng: PRNGKey(1), inputs)
        let optimizer = adam(learningRate: 0.05)

        func loss(_ params: Params) -> Tensor {
            let logits = try! forward.apply(params, inputs)
            return -(oneHot(labels, count: 3) * logSoftmax(logits)).sum(axes: [1]).mean()
        }
        let step = jit { (params: Params, optState: Adam.State) in
            let grads = grad(loss)(params)
            let (updates, next) = optimizer.update(grads, state: optState, params: params)
            return TrainState(params: applyUpdates(params, updates), optState: next)
        }
        var state = TrainState(params: params, optState: optimizer.initialize(params))
        let before = try jit(loss)(state.params).item(as: Float.self)
        for _ in 0..<100 { state = try step(state.params, state.optState) }
        let after = try jit(loss)(state.params).item(as: Float.self)

        #expect(after < before / 10, "loss \(before) → \(after)")
        #expect(try state.optState.states.0.count.item(as: Int32.self) == 100)
        #expect(step.compiledCount == 1)
    }

    /// Without `jit` every operation runs on its own, rounding each
    /// intermediate to float32 as JAX does outside `jit`; optax's values
    /// (compiled, where XLA fuses and reassociates constants) are then met
    /// to a few ulps, not bit for bit.
    @Test(arguments: OptimizerFixtureTests.optimizers.keys.sorted())
    func eagerStepsAgreeWithOptaxClosely(_ name: String) throws {
        func run<Optimizer: GradientTransformation>(_ optimizer: Optimizer) throws {
            let fixture = OptimizersFixture.shared
            var params = OptimizersFixture.params(fixture.params)
            var state = optimizer.initialize(params)
            for (gradient, expected) in zip(fixture.gradients, fixture.optimizers[name]!.paramsAfter) {
                let (updates, next) = optimizer.update(OptimizersFixture.params(gradient), state: state, params: params)
                (params, state) = (applyUpdates(params, updates), next)
                for (actual, reference) in zip(try OptimizersFixture.bits(params), OptimizersFixture.bits(expected)) {
                    #expect(abs(Int(actual) - Int(reference)) <= 8, "\(name): \(actual) vs \(reference)")
                }
            }
        }
        try run(OptimizerFixtureTests.optimizers[name]!)
    }

    /// A single tensor and a user struct are parameter trees too.
    @Test func optimizesATensorAndAUserStruct() throws {
        struct Weights: TensorTree {
            var kernel: Tensor
            var scale: Tensor
            func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> Weights {
                Weights(kernel: try transform(kernel), scale: try transform(scale))
            }
        }
        let optimizer = sgd(learningRate: 0.5, momentum: 0.5)

        let x = Tensor([1.0, -2])
        var state = optimizer.initialize(x)
        let (first, next) = optimizer.update(Tensor([2.0, 2]), state: state)
        state = next
        let (second, _) = optimizer.update(Tensor([2.0, 2]), state: state)
        #expect(try applyUpdates(x, first).scalars(as: Float.self) == [0, -3])
        #expect(try second.scalars(as: Float.self) == [-1.5, -1.5])

        let weights = Weights(kernel: Tensor([[1.0, 2]]), scale: Tensor(3.0))
        let (updates, _) = optimizer.update(Weights(kernel: Tensor([[2.0, 4]]), scale: Tensor(1.0)),
                                            state: optimizer.initialize(weights))
        let updated = applyUpdates(weights, updates)
        #expect(try updated.kernel.scalars(as: Float.self) == [0, 0])
        #expect(try updated.scale.item(as: Float.self) == 2.5)
    }

    /// `applyUpdates` keeps each parameter's dtype (`bfloat16` here) as
    /// optax's `astype(p.dtype)` does.
    @Test func applyUpdatesKeepsTheParametersDType() throws {
        let params = ["w": Tensor([1.0, 2], dtype: .bfloat16)]
        let updated = applyUpdates(params, ["w": Tensor([0.5, 0.25])])
        #expect(updated["w"]!.dtype == .bfloat16)
        #expect(try updated["w"]!.converted(to: .float32).scalars(as: Float.self) == [1.5, 2.25])
    }
}

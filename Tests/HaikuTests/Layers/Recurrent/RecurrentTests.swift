import Haiku
import Testing

/// Every recurrent core against real Haiku 0.0.17 (`Fixtures/recurrent.json`):
/// parameter names in creation order, shapes and initial values, and the
/// initial states, bit for bit; then, with the fixture's random parameter
/// values, one step, `dynamicUnroll` (time-major and batch-major, forward
/// and reversed, also returning every step's state), `staticUnroll` and the parameters' gradient through the
/// dynamic unroll, within the contraction bound of
/// ``RecurrentFixtures/tolerance(_:gradient:)`` (the fixture may come from
/// another CPU; the identity core, which has no contraction, is compared
/// bit for bit). Apply and the gradients run under `jit`, as the fixture's
/// did under `jax.jit`.
@Suite struct RecurrentTests {
    @Test(arguments: RecurrentFixtures.cases)
    func coreMatchesHaiku(_ name: String) throws {
        let c = RecurrentFixtures.file["cases"][name]
        try RecurrentFixtures.withCore(c["core"].string, FixtureCheck(name: name, c: c))
    }

    /// The checks of one case.
    struct FixtureCheck: CoreCheck {
        let name: String
        let c: FixtureValue

        func run<Core: RNNCore>(_ makeCore: @escaping () -> Core, _ makeInputs: @escaping (Tensor, [Tensor]) -> Core.Input) throws
            where Core.Output == Tensor {
            let (timeMajor, reverse) = (c["time_major"].bool, c["reverse"].bool)
            let resets: [Tensor] = if case let .object(members) = c {
                ["resets", "cell_resets"].compactMap { members[$0]?.tensor }
            } else { [] }
            let inputs = makeInputs(c["x"].tensor, resets)
            let batch = RecurrentFixtures.batchSize
            let order = ConvolutionModuleTests.CreationOrder()
            // The outputs, then the final state's leaves.
            let dynamic = transform { (inputs: Core.Input) -> [Tensor] in
                let core = makeCore()
                let (outputs, state) = order.recording {
                    dynamicUnroll(core, inputs, core.initialState(batchSize: batch), timeMajor: timeMajor, reverse: reverse)
                }
                return [outputs] + state.leaves
            }
            let params = try dynamic.initialize(rng: PRNGKey(42), inputs)
            #expect(order.names == c["params_order"].strings, "\(name): creation order")
            c["params"].expectBundles(params, "\(name) params")

            let states = try transform { () -> [[Tensor]] in
                let core = makeCore()
                return [core.initialState(batchSize: batch).leaves, core.initialState(batchSize: nil).leaves]
            }.apply([:])
            expectLeaves(states[0], c["initial_state"], "initial state")
            expectLeaves(states[1], c["unbatched_state"], "unbatched initial state")

            let applied = LayerNormFixtures.params(c["apply_params"])
            let close = { (got: [Tensor], outputs: String, state: String, label: String) in
                let tolerance = RecurrentFixtures.tolerance(c)
                let expected = [c[outputs]] + c[state].array
                #expect(got.count == expected.count, "\(name) \(label): leaves")
                for (index, (tensor, want)) in zip(got, expected).enumerated() {
                    if c["core"].string == "identity" {
                        want.expectTensor(tensor, "\(name) \(label) leaf \(index)")
                    } else {
                        RecurrentFixtures.expectClose(tensor, want, "\(name) \(label) leaf \(index)", tolerance)
                    }
                }
            }
            let step = transform { (inputs: Core.Input) -> [Tensor] in
                let core = makeCore()
                let first = inputs.mapTensors { timeMajor ? $0[TensorIndex.at(0)] : $0[TensorIndex.all, TensorIndex.at(0)] }
                let (output, state) = core(first, core.initialState(batchSize: batch))
                return [output] + state.leaves
            }
            close(try jitApply(step, applied, inputs), "step_output", "step_state", "step")
            close(try jitApply(dynamic, applied, inputs), "dynamic_outputs", "dynamic_state", "dynamic unroll")
            let allStates = transform { (inputs: Core.Input) -> [Tensor] in
                let core = makeCore()
                let (outputs, states) = dynamicUnrollReturningAllStates(
                    core, inputs, core.initialState(batchSize: batch), timeMajor: timeMajor, reverse: reverse)
                return [outputs] + states.leaves
            }
            close(try jitApply(allStates, applied, inputs), "dynamic_outputs", "all_states", "all states")
            if !reverse {
                let unrolled = transform { (inputs: Core.Input) -> [Tensor] in
                    let core = makeCore()
                    let (outputs, state) = staticUnroll(core, inputs, core.initialState(batchSize: batch), timeMajor: timeMajor)
                    return [outputs] + state.leaves
                }
                close(try jitApply(unrolled, applied, inputs), "static_outputs", "static_state", "static unroll")
            }

            let cotangent = c["cotangent"].tensor
            let gradients = try jit { (params: Params, inputs: Core.Input, cotangent: Tensor) -> Params in
                grad { (params: Params) -> Tensor in
                    let outputs = (try? dynamic.apply(params, inputs))?.first ?? Tensor(Float.nan)
                    return (outputs * cotangent).sum()
                }(params)
            }(applied, inputs, cotangent)
            let tolerance = RecurrentFixtures.tolerance(c, gradient: true)
            let expected = c["grad_params"]
            #expect(Set(gradients.keys) == Set(expected.keys), "\(name) gradient modules")
            for module in expected.keys {
                for parameter in expected[module].keys {
                    guard let value = gradients[module]?[parameter] else {
                        Issue.record("\(name): no gradient for \(module)/\(parameter)")
                        continue
                    }
                    RecurrentFixtures.expectClose(value, expected[module][parameter], "\(name) d \(module)/\(parameter)", tolerance)
                }
            }
        }

        /// `f.apply` under `jit`, every tensor an argument.
        private func jitApply<Input: TensorTree>(_ f: Transformed<Input, [Tensor]>, _ params: Params, _ inputs: Input) throws -> [Tensor] {
            try jit { (params: Params, inputs: Input) in try f.apply(params, inputs) }(params, inputs)
        }

        /// Checks state leaves bit for bit.
        private func expectLeaves(_ leaves: [Tensor], _ expected: FixtureValue, _ label: String) {
            #expect(leaves.count == expected.array.count, "\(name) \(label): leaves")
            for (index, (leaf, want)) in zip(leaves, expected.array).enumerated() {
                want.expectTensor(leaf, "\(name) \(label) leaf \(index)")
            }
        }
    }
}

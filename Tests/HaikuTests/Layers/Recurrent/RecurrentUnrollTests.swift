import Foundation
import Haiku
import Testing

/// Properties of the unrolls and cores that need no fixture: the two
/// unrolls agree, `dynamicUnroll` compiles to one loop whatever the length,
/// `vmap` of an unbatched core equals the batched core, and the gradient
/// through a long unroll matches finite differences, and a `DeepRNN`'s
/// state passes through `jit` and a checkpoint file; cores describe their
/// configuration (as `tabulate` shows it).
@Suite struct RecurrentUnrollTests {
    /// An LSTM unrolled over `xs` ([T, B, F]) either way: the outputs and
    /// the final state's leaves.
    static func unrolled(dynamic: Bool) -> Transformed<Tensor, [Tensor]> {
        transform { (xs: Tensor) -> [Tensor] in
            let core = DeepRNN([LSTM(4), relu, GRU(3)])
            let initial = core.initialState(batchSize: xs.shape[1])
            let (outputs, state) = dynamic ? dynamicUnroll(core, xs, initial) : staticUnroll(core, xs, initial)
            return [outputs] + state.leaves
        }
    }

    @Test func dynamicUnrollEqualsStaticUnroll() throws {
        let xs = normal(PRNGKey(1), [6, 2, 3])
        let (dynamic, unrolledStatically) = (Self.unrolled(dynamic: true), Self.unrolled(dynamic: false))
        let params = try dynamic.initialize(rng: PRNGKey(0), xs)
        let a = try jit { (params: Params, xs: Tensor) in try dynamic.apply(params, xs) }(params, xs)
        let b = try jit { (params: Params, xs: Tensor) in try unrolledStatically.apply(params, xs) }(params, xs)
        #expect(a.count == 4 && b.count == 4)
        for (x, y) in zip(a, b) {
            let (got, want) = (try x.scalars(as: Float.self), try y.scalars(as: Float.self))
            // The same operations on the same shapes, step by step; XLA may
            // fuse the loop body otherwise than the unrolled steps, which
            // moves a value by a rounding or so: allow 8 ulps of 1.
            #expect(x.shape == y.shape && zip(got, want).allSatisfy { abs($0 - $1) <= 8 * Float.ulpOfOne }, "\(got) vs \(want)")
        }
    }

    @Test(arguments: [4, 64])
    func dynamicUnrollIsOneLoopWhateverTheLength(_ length: Int) throws {
        let xs = Tensor.zeros([length, 2, 3])
        let dynamic = Self.unrolled(dynamic: true)
        let params = try dynamic.initialize(rng: PRNGKey(0), xs)
        let program = try jit { (params: Params, xs: Tensor) in try dynamic.apply(params, xs) }.lower(params, xs).stableHLO()
        #expect(program.components(separatedBy: "stablehlo.while").count - 1 == 1, "\(length) steps")
        let statically = try jit { (params: Params, xs: Tensor) in try Self.unrolled(dynamic: false).apply(params, xs) }
            .lower(params, xs).stableHLO()
        // The static unroll repeats the step instead: no loop, and a longer program.
        #expect(!statically.contains("stablehlo.while") && statically.count > program.count)
    }

    @Test func vmapOfACoreEqualsTheBatchedCore() throws {
        let xs = normal(PRNGKey(2), [5, 3])
        let hidden = normal(PRNGKey(3), [5, 4])
        let cell = normal(PRNGKey(4), [5, 4])
        let f = transform { (xs: Tensor, state: LSTMState) -> [Tensor] in
            let core = LSTM(4)
            let (output, next) = core(xs, state)
            let mapped = vmap { (input: [Tensor]) -> [Tensor] in
                let (output, next) = core(input[0], LSTMState(hidden: input[1], cell: input[2]))
                return [output, next.hidden, next.cell]
            }([xs, state.hidden, state.cell])
            return [output, next.hidden, next.cell] + mapped
        }
        let state = LSTMState(hidden: hidden, cell: cell)
        let params = try f.initialize(rng: PRNGKey(0), xs, state)
        let results = try f.apply(params, xs, state)
        for index in 0..<3 {
            let (batched, mapped) = (try results[index].scalars(as: Float.self), try results[index + 3].scalars(as: Float.self))
            // A matrix product against a batch of vector products: the same
            // 7 + 1 terms per element, summed in an order XLA picks per shape.
            #expect(results[index + 3].shape == [5, 4])
            #expect(zip(batched, mapped).allSatisfy { abs($0 - $1) <= 1e-5 }, "leaf \(index): \(batched) vs \(mapped)")
        }
    }

    @Test func gradientThroughAHundredStepsMatchesFiniteDifferences() throws {
        try Configuration.withX64 {
            let steps = 100
            let xs = Tensor((0..<(steps * 2)).map { Double(($0 * 7) % 11) / 5 - 1 }, shape: [steps, 1, 2], dtype: .float64)
            let cotangent = Tensor((0..<(steps * 2)).map { Double(($0 * 5) % 13) / 6 - 1 }, shape: [steps, 1, 2], dtype: .float64)
            let f = transform { (xs: Tensor) -> Tensor in
                let core = LSTM(2)
                let initial = core.initialState(batchSize: 1).mapTensors { $0.converted(to: .float64) }
                return dynamicUnroll(core, xs, initial).outputs
            }
            let params = try f.initialize(rng: PRNGKey(0), xs)
            let loss = { (params: Params) -> Tensor in (((try? f.apply(params, xs)) ?? Tensor(Double.nan)) * cotangent).sum() }
            let gradients = try jit { (params: Params) in grad(loss)(params) }(params)
            let value = try #require(params["lstm/linear"]?["w"])
            let weights = try value.scalars(as: Double.self)
            let analytic = try #require(try gradients["lstm/linear"]?["w"]?.scalars(as: Double.self))
            let step = 1e-6
            for index in weights.indices {
                let moved = { (delta: Double) throws -> Double in
                    var changed = weights
                    changed[index] += delta
                    var p = params
                    p["lstm/linear"]?["w"] = Tensor(changed, shape: value.shape, dtype: .float64)
                    return try loss(p).item(as: Double.self)
                }
                let numeric = (try moved(step) - moved(-step)) / (2 * step)
                // Central differences of a smooth function: error O(step²) plus rounding ~1e-16 · |loss| / step.
                #expect(abs(numeric - analytic[index]) <= 1e-6 * max(1, abs(analytic[index])),
                        "d w[\(index)]: \(analytic[index]) vs \(numeric)")
            }
        }
    }

    @Test func deepRNNStatePassesThroughJitAndACheckpoint() throws {
        let makeCore = { DeepRNN([LSTM(3), relu, GRU(2)]) }
        let f = transform { (x: Tensor, state: [AnyTensorTree]) -> [AnyTensorTree] in makeCore()(x, state).state }
        let initial = try transform { makeCore().initialState(batchSize: 2) }.apply([:])
        let x = normal(PRNGKey(5), [2, 4])
        let params = try f.initialize(rng: PRNGKey(0), x, initial)
        let state = try jit { (params: Params, x: Tensor, state: [AnyTensorTree]) in try f.apply(params, x, state) }(params, x, initial)
        #expect(state.count == 2 && state[0].base is LSTMState && state[1].base is Tensor)
        #expect(state.leaves.map(\.shape) == [[2, 3], [2, 3], [2, 2]])

        let path = NSTemporaryDirectory() + "recurrent-state-\(UUID().uuidString).safetensors"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Checkpoint(params: params, optimizerState: state.leaves).save(to: path)
        let restored = try initial.unflatten(Checkpoint.load(from: path).optimizerState)
        #expect(restored[0].base is LSTMState && restored[1].base is Tensor)
        for (got, want) in zip(restored.leaves, state.leaves) {
            #expect(try got.scalars(as: Float.self) == want.scalars(as: Float.self))
        }
    }

    @Test func coresDescribeTheirConfiguration() throws {
        var descriptions: [String] = []
        _ = try transform { () -> [Tensor] in
            descriptions = [VanillaRNN(3, doubleBias: false), GRU(2), DeepRNN([LSTM(3), relu, GRU(2)]),
                            deepRNNWithSkipConnections([LSTM(3)]), ResetCore(LSTM(3)), IdentityCore<Tensor>()].map(\.description)
            return []
        }.apply([:])
        #expect(descriptions == ["VanillaRNN(hiddenSize: 3, doubleBias: false)", "GRU(hiddenSize: 2)",
                                 "DeepRNN(layers: [LSTM(hiddenSize: 3), function, GRU(hiddenSize: 2)])",
                                 "DeepRNN(layers: [LSTM(hiddenSize: 3)], skipConnections: true)",
                                 "ResetCore(core: LSTM(hiddenSize: 3))", "IdentityCore()"])
    }
}

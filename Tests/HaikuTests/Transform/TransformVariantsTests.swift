import Haiku
import Testing

/// The docstring examples of `multi_transform`, `without_state`,
/// `with_empty_state`, `to_module`, `params_dict` and module descriptions
/// in Haiku's API reference.
@Suite struct TransformVariantsTests {
    @Test func multiTransformSharesParameters() throws {
        let autoencoder = multiTransform { () -> (template: (Tensor) throws -> Tensor, functions: [(Tensor) throws -> Tensor]) in
            let encoder = Linear(1, name: "encoder"), decoder = Linear(1, name: "decoder")
            return ({ decoder(encoder($0)) }, [{ encoder($0) }, { decoder($0) }])
        }
        let x = Tensor.ones([1, 1])
        let params = try autoencoder.initialize(rng: PRNGKey(42), x)
        #expect(params.mapValues { $0.mapValues(\.shape) } == ["decoder": ["b": [1], "w": [1, 1]], "encoder": ["b": [1], "w": [1, 1]]])
        #expect(autoencoder.count == 2)
        let code = try autoencoder.apply(0, params, x)
        let decoded = try autoencoder.apply(1, params, code)
        let w = [try params["encoder"]!["w"]!.item(as: Float.self), try params["decoder"]!["w"]!.item(as: Float.self)]
        #expect(try decoded.item(as: Float.self) == w[0] * w[1])
    }

    @Test func withoutAndWithEmptyState() throws {
        let stateful = transformWithState { (x: Tensor) in Linear(10)(x) }
        let stateless = withoutState(stateful)
        let x = Tensor.zeros([1, 1])
        let params = try stateless.initialize(rng: PRNGKey(42), x)
        #expect(try stateless.apply(params, x).scalars(as: Float.self) == Array(repeating: 0, count: 10))
        let empty = withEmptyState(transform { (x: Tensor) in Linear(10)(x) })
        let (emptyParams, state) = try empty.initialize(rng: PRNGKey(42), x)
        #expect(state.isEmpty)
        let (output, after) = try empty.apply(emptyParams, state, x)
        #expect(output.shape == [1, 10] && after.isEmpty)
        let usesState = withoutState(transformWithState { (x: Tensor) -> Tensor in
            setState("count", x)
            return x
        })
        #expect(throws: HaikuError.stateInStatelessTransform(names: ["~/count"])) { try usesState.initialize(rng: nil, x) }
    }

    @Test func toModuleAndModuleIntrospection() throws {
        let makeBias = toModule(className: "Bias") { (x: Tensor) in x + parameter("b", shape: [], init: .ones) }
        let f = transform { (x: Tensor) -> Tensor in
            let named = makeBias(name: "my_bias"), unnamed = makeBias()
            let linear = Linear(300, name: "linear_0")
            #expect(linear.description == "Linear(outputSize: 300, name: \"linear_0\")")
            #expect(MLP([300, 100, 10]).description == "MLP(outputSizes: [300, 100, 10])")
            let y = named(named(unnamed(x)))
            #expect(named.paramsDict().keys.sorted() == ["my_bias/b"])
            #expect(named.moduleName == "my_bias" && unnamed.name == "bias")
            return y
        }
        let params = try f.initialize(rng: nil, Tensor(Float(1)))
        #expect(params.keys.sorted() == ["bias", "my_bias"])
        #expect(try f.apply(params, Tensor(Float(1))).item(as: Float.self) == 4)
    }

    /// Haiku prints `Transformed(init=<function ...>, apply=<function ...>)`;
    /// Swift closures have no names, so the signatures and the place the
    /// function was transformed are shown.
    @Test func transformedDescriptions() {
        let line = #line + 1
        let f = transform { (x: Tensor, y: [Tensor]) in x }
        #expect(f.description == "Transformed(initialize: (rng: PRNGKey?, Tensor, Array<Tensor>) -> Params, apply: (Params, rng: PRNGKey?, Tensor, Array<Tensor>) -> Tensor, at: \"HaikuTests/TransformVariantsTests.swift:\(line)\")")
        let g = transformWithState({ (x: Tensor) in x }, file: "Haiku/Internal.swift", line: 1)
        #expect(g.description == "TransformedWithState(initialize: (rng: PRNGKey?, Tensor) -> (Params, State), apply: (Params, State, rng: PRNGKey?, Tensor) -> (Tensor, State))")
    }
}

/// `lift_with_state`, `name_like`, and `setState` of a batched value in `vmap`.
@Suite struct LiftWithStateAndNamingTests {
    @Test func liftWithStateRegistersAndUpdatesState() throws {
        let inner = transformWithState { (x: Tensor) -> Tensor in
            let count = getState("count", shape: [], dtype: .int32, init: .zeros)
            setState("count", count + 1)
            return Linear(2)(x)
        }
        let outer = transformWithState { (x: Tensor) -> Tensor in
            let (paramsAndState, updater) = liftWithState(inner, name: "inner")
            let (params, state) = try paramsAndState(runningInit() ? nextRNGKey() : nil, x)
            let (y, updated) = try inner.apply(params, state, x)
            try updater.update(updated)
            return y
        }
        let x = Tensor.ones([1, 3])
        let (params, state) = try outer.initialize(rng: PRNGKey(0), x)
        #expect(params.keys.sorted() == ["inner/linear"])
        #expect(try state["inner/~"]!["count"]!.item(as: Int32.self) == 0)
        let (_, after) = try outer.apply(params, state, x)
        #expect(try after["inner/~"]!["count"]!.item(as: Int32.self) == 1)
    }

    final class AutoEncoder: Module {
        func encode(_ x: Tensor) -> Tensor { method(x) { x in Linear(2)(x) } }
        func decode(_ x: Tensor) -> Tensor { method(x, nameLike: "encode") { x in Linear(3, name: "linear_1")(x) } }
    }

    @Test func nameLikeNamesSubmodulesAsAnotherMethod() throws {
        let f = transform { (x: Tensor) -> Tensor in
            let model = AutoEncoder()
            return model.decode(model.encode(x))
        }
        let params = try f.initialize(rng: PRNGKey(0), Tensor.ones([1, 3]))
        #expect(params.keys.sorted() == ["auto_encoder/~encode/linear", "auto_encoder/~encode/linear_1"])
    }

    @Test func batchedStateInVmapIsAnErrorNamingIt() throws {
        let f = transformWithState { (x: Tensor) -> Tensor in
            vmap({ (row: Tensor) -> Tensor in
                setState("last", row)
                return row
            })(x)
        }
        #expect {
            try f.initialize(rng: nil, Tensor.ones([2, 3]))
        } throws: { error in
            "\(error)".contains("state '~/last' was given a value that varies along the vmap axis")
        }
    }
}

import Haiku
import Testing

/// The Haiku Basics colab of Haiku's documentation, with the values it prints.
@Suite struct BasicsTests {
    @Test func myLinear1InitializeAndApply() throws {
        let model = transform { (x: Tensor) in MyLinear1(outputSize: 2)(x) }
        let x = Tensor([[1.0, 2, 3]])
        let params = try model.initialize(rng: PRNGKey(42), x)
        #expect(Array(params.keys) == ["my_linear1"])
        // The docs print 0.60566666 (a 2020 JAX); jax 0.11.2 gives 0.6056666, one ulp lower, as we do.
        #expect(try params["my_linear1"]!["w"]!.scalars(as: Float.self)
            == [-0.30350363, 0.5123802, 0.08009142, -0.3163005, 0.6056666, 0.5820702])
        #expect(try params["my_linear1"]!["b"]!.scalars(as: Float.self) == [1, 1])
        // Outputs within the tolerance of the layer's dot product (the docs' values are JAX's).
        let expectLinear = { (y: Tensor, params: Params, x: Tensor, expected: [Float]) in
            let bound = LinearChainBound(params: params, input: x)
            let closeness = try bound.tolerance.compare(y.scalars(as: Float.self), expected,
                                                        magnitudes: bound.magnitudes.scalars(as: Float.self))
            #expect(closeness.isClose, "\(closeness)")
        }
        try expectLinear(model.apply(params, rng: nil, x), params, x, [2.6736789, 2.6259897])
        try expectLinear(model.apply(params, x), params, x, [2.6736789, 2.6259897])
        let batch = Tensor([[4.0, 5, 6], [7, 8, 9]])
        try expectLinear(model.apply(params, batch), params, batch, [3.820442, 4.960439, 4.967205, 7.294889])
        let mutated = params.mapValues { $0.mapValues { $0 + 1 } }
        try expectLinear(model.apply(mutated, x), mutated, x, [9.673679, 9.62599])
    }

    @Test func statefulCounter() throws {
        let stateful = withoutApplyRNG(transformWithState { (x: Tensor) -> Tensor in
            let counter = getState("counter", shape: [], dtype: .int32, init: .ones)
            let multiplier = parameter("multiplier", shape: [1], dtype: x.dtype, init: .ones)
            setState("counter", counter + 1)
            return x + multiplier * counter.converted(to: .float32)
        })
        let x = Tensor([[5.0]])
        var (params, state) = try stateful.initialize(rng: nil, x)
        #expect(try params["~"]!["multiplier"]!.scalars(as: Float.self) == [1])
        #expect(try state["~"]!["counter"]!.scalars(as: Int32.self) == [1])
        for expected in [6, 7, 8] as [Float] {
            let (output, next) = try stateful.apply(params, state, x)
            #expect(try output.scalars(as: Float.self) == [expected])
            state = next
        }
        #expect(try state["~"]!["counter"]!.scalars(as: Int32.self) == [4])
        _ = params
    }
}

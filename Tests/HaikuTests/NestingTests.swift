import Haiku
import Testing

/// The guide "Limitations of Nesting JAX Functions and Haiku Modules" (spec
/// lines 402-560), with a module that has parameters, state and dropout in
/// place of ResNet50: every row that fails in Haiku works here.
@Suite struct NestingTests {
    /// Parameters (a Linear), state (a call counter) and dropout.
    final class Block: Module {
        let linear: Linear

        override init(name: ModuleName = nil) {
            linear = Linear(3)
            super.init(name: name)
        }

        func callAsFunction(_ x: Tensor) -> Tensor {
            method(x) { x in
                let calls = getState("calls", shape: [], dtype: .int32, init: .zeros)
                setState("calls", calls + 1)
                return dropout(nextRNGKey(), rate: 0.5, self.linear(x))
            }
        }
    }

    let x = Tensor((0..<8).map(Float.init), shape: [2, 4])

    func calls(_ state: State) throws -> Int32 { try state["block"]!["calls"]!.item(as: Int32.self) }

    /// Row 1: JAX transformations outside `transform` (of the pure functions).
    @Test func vmapOfApply() throws {
        let f = transformWithState { (x: Tensor) in Block()(x) }
        let (params, state) = try f.initialize(rng: PRNGKey(0), x)
        let perExample = try jit { (x: Tensor) in
            vmap({ (row: Tensor) in try! f.apply(params, state, rng: PRNGKey(1), row).output })(x)
        }(x)
        #expect(perExample.shape == [2, 3])
    }

    /// Rows 2 and 5: a raw `vmap` inside `transform` (Haiku: UnexpectedTracerError,
    /// fixed there with `hk.vmap`): parameters shared, state updated once.
    @Test func vmapInside() throws {
        let f = transformWithState { (x: Tensor) in vmap({ (row: Tensor) in Block()(row) })(x) }
        let (params, state) = try f.initialize(rng: PRNGKey(0), x)
        #expect(params["block/~/linear"]!["w"]!.shape == [4, 3])
        let (output, next) = try f.apply(params, state, rng: PRNGKey(1), x)
        #expect(output.shape == [2, 3])
        #expect(try calls(next) == 1)
    }

    /// `jax.eval_shape` inside `transform` (Haiku: UnexpectedTracerError;
    /// `hk.eval_shape` adds no name level): shapes without creating anything.
    @Test func evalShapeInside() throws {
        let f = transformWithState { (x: Tensor) -> Tensor in
            let shape = try evalShape({ (x: Tensor) in MLP([300, 100])(x) }, x)
            return Tensor.zeros(shape.shape)
        }
        let (params, _) = try f.initialize(rng: PRNGKey(666), Tensor.ones([2, 2]))
        #expect(params.isEmpty)
        // As in Haiku, nothing was created, so applying asks for the parameters.
        #expect(throws: HaikuError.missingParameter(name: "w", module: "mlp/~/linear_0", location: nil)) {
            try f.apply(params, [:], Tensor.ones([2, 2]))
        }
    }

    /// `scan`, `grad`, `remat` and `jit` inside `transform` with the stateful,
    /// random module: state threads through every step.
    @Test func scanGradRematAndJitInside() throws {
        let f = transformWithState { (xs: Tensor) -> [Tensor] in
            let block = Block()
            let (carry, _) = scan(Tensor.zeros([3]), xs) { (carry: Tensor, x: Tensor) -> (Tensor, Tensor) in
                let y = block(x)
                return (carry + y, y)
            }
            let gradient = grad { (x: Tensor) in remat { (x: Tensor) in block(x) }(x).sum() }(xs[TensorIndex.at(0)])
            let compiled = try jit { (x: Tensor) in block(x) }(xs[TensorIndex.at(1)])
            return [carry, gradient, compiled]
        }
        let (params, state) = try f.initialize(rng: PRNGKey(0), x)
        #expect(try calls(state) == 0)
        let (outputs, next) = try f.apply(params, state, rng: PRNGKey(1), x)
        #expect(outputs.map(\.shape) == [[3], [4], [3]])
        // Two scan steps, one grad (its recomputation is not counted) and one jit.
        #expect(try calls(next) == 4)
    }

    /// Row 3: a transform nested without `lift` does not register its
    /// parameters; row 4: with `lift` it does, under the lift's name.
    @Test func nestedTransforms() throws {
        let inner = transformWithState { (x: Tensor) in Block()(x) }
        let withoutLift = transform { (x: Tensor) -> Tensor in
            _ = try inner.initialize(rng: nextRNGKey(), x)
            return x
        }
        #expect(try withoutLift.initialize(rng: PRNGKey(0), x).isEmpty)
        let stateless = transform { (x: Tensor) in Linear(3)(x) }
        let withLift = transform { (x: Tensor) -> Tensor in
            let params = try lift(stateless, name: "inner")(runningInit() ? nextRNGKey() : nil, x)
            return try stateless.apply(params, x)
        }
        #expect(try withLift.initialize(rng: PRNGKey(0), x).keys.sorted() == ["inner/linear"])
    }
}

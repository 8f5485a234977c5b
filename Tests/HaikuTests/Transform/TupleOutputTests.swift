import Haiku
import Testing

/// `transform` and `transformWithState` of functions with several outputs:
/// `apply` returns a Swift tuple, equal to the same outputs through a struct.
@Suite struct TupleOutputTests {
    /// Two outputs as a struct returns them (a one-line conformance, below).
    struct LogitsAndHidden {
        var logits: Tensor
        var hidden: Tensor
    }

    let x = Tensor([[1.0, -2, 0.5], [0, 3, -1]])

    @Test func applyReturnsTheOutputsAsATupleEqualToTheStructSpelling() throws {
        let tuple = transform { (x: Tensor) in
            let hidden = Linear(4, name: "hidden")(x)
            return (Linear(2, name: "out")(relu(hidden)), hidden)
        }
        let packed = transform { (x: Tensor) in
            let hidden = Linear(4, name: "hidden")(x)
            return LogitsAndHidden(logits: Linear(2, name: "out")(relu(hidden)), hidden: hidden)
        }
        let params = try tuple.initialize(rng: PRNGKey(7), x)
        let expectedParams = try packed.initialize(rng: PRNGKey(7), x)
        #expect(params.keys.sorted() == ["hidden", "out"])
        #expect(try params["out"]!["w"]!.scalars(as: Float.self) == expectedParams["out"]!["w"]!.scalars(as: Float.self))
        let (logits, hidden) = try tuple.apply(params, x)
        let expected = try packed.apply(params, x)
        #expect(logits.shape == [2, 2])
        #expect(try logits.scalars(as: Float.self) == expected.logits.scalars(as: Float.self))
        #expect(try hidden.scalars(as: Float.self) == expected.hidden.scalars(as: Float.self))
        // Inside jit too.
        let step = jit { (params: Params, x: Tensor) in try tuple.apply(params, x) }
        let (jitted, _) = try step(params, x)
        #expect(try jitted.scalars(as: Float.self) == expected.logits.scalars(as: Float.self))
    }

    @Test func statefulApplyReturnsTheOutputsAsATupleBesideTheState() throws {
        let counted = transformWithState { (x: Tensor) in
            let count = getState("count", shape: [], dtype: .int32, init: .zeros)
            setState("count", count + 1)
            return (x.sum(), count)
        }
        let (params, state) = try counted.initialize(rng: nil, x)
        let ((sum, before), next) = try counted.apply(params, state, x)
        #expect(try sum.scalars(as: Float.self) == [1.5])
        #expect(try before.scalars(as: Int32.self) == [0])
        let ((_, after), _) = try counted.apply(params, next, x)
        #expect(try after.scalars(as: Int32.self) == [1])
    }
}

extension TupleOutputTests.LogitsAndHidden: TensorTree {}

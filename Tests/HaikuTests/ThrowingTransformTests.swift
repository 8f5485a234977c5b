import Haiku
import Testing

/// `try` inside differentiated and mapped code: `apply`'s errors come out of
/// `grad` and `jit` as the `HaikuError` they are, and the `try` spelling
/// gives what the old `try!` spelling gave.
@Suite struct ThrowingTransformTests {
    let forward = transform { (x: Tensor) in Linear(3, name: "linear")(x) }
    let x = Tensor([[1.0, 2, 3, 4], [-1, 0.5, 2, 0]])

    @Test func gradWithTryEqualsTheTryBangSpelling() throws {
        let params = try forward.initialize(rng: PRNGKey(42), x)
        let forward = self.forward, x = self.x
        let newSpelling = try grad { (params: Params) in try forward.apply(params, x).sum() }(params)
        let oldSpelling = grad { (params: Params) in try! forward.apply(params, x).sum() }(params)
        for name in ["w", "b"] {
            #expect(try newSpelling["linear"]![name]!.scalars(as: Float.self)
                == oldSpelling["linear"]![name]!.scalars(as: Float.self))
        }
    }

    @Test func applysErrorComesOutOfGradInsideJit() {
        let forward = self.forward, x = self.x
        let step = jit { (params: Params) in try grad { (params: Params) in try forward.apply(params, x).sum() }(params) }
        #expect(throws: HaikuError.missingParameter(name: "w", module: "linear", location: nil)) {
            _ = try step(["linear": ["b": Tensor.zeros([3])]])
        }
    }

    @Test func haikusVMapOfAThrowingClosure() throws {
        struct Refusal: Error, Equatable {}
        let mapped = transform { (x: Tensor) in
            try vmap({ (row: Tensor) throws(Refusal) in Linear(2, name: "linear")(row) + normal(nextRNGKey(), [2]) },
                     splitRNG: !runningInit())(x)
        }
        let plain = transform { (x: Tensor) in
            vmap({ (row: Tensor) in Linear(2, name: "linear")(row) + normal(nextRNGKey(), [2]) },
                 splitRNG: !runningInit())(x)
        }
        let params = try plain.initialize(rng: PRNGKey(1), x)
        #expect(try mapped.apply(params, rng: PRNGKey(2), x).scalars(as: Float.self)
            == plain.apply(params, rng: PRNGKey(2), x).scalars(as: Float.self))
        let refusing = transform { (x: Tensor) in
            try vmap({ (row: Tensor) throws(Refusal) -> Tensor in throw Refusal() }, splitRNG: true)(x)
        }
        #expect(throws: Refusal()) { _ = try refusing.apply([:], rng: PRNGKey(2), x) }
    }
}

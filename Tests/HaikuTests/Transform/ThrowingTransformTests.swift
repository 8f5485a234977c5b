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

/// A branch's or loop body's error inside `transformWithState`, where the
/// control flow threads Haiku's state (and runs bodies directly while
/// initializing), comes out of `initialize` and `apply` as it is.
@Suite struct ThrowingStatefulControlFlowTests {
    struct Refusal: Error, Equatable {
        let place: String
    }

    /// A counter in state, incremented by `body`, which refuses once `refusing` is set.
    static func counting(refusing: Bool, place: String) throws(Refusal) -> Tensor {
        let count = getState("count", shape: [], dtype: .float32, init: .zeros)
        if refusing { throw Refusal(place: place) }
        setState("count", count + 1)
        return count
    }

    @Test(arguments: ["cond", "scan", "forLoop", "whileLoop"])
    func bodiesErrorComesOutOfInitializeAndApply(_ op: String) throws {
        let x = Tensor([1.0, 2, 3])
        let program = { (refusing: Bool) in
            transformWithState { (x: Tensor) -> Tensor in
                switch op {
                case "cond":
                    return try cond(Tensor(true), { () throws(Refusal) in try Self.counting(refusing: refusing, place: op) },
                                    { () throws(Refusal) in x.sum() })
                case "scan":
                    return try scan(Tensor(0.0), x) { (carry: Tensor, x: Tensor) throws(Refusal) in
                        (carry + (try Self.counting(refusing: refusing, place: op)), x)
                    }.carry
                case "forLoop":
                    return try forLoop(0, 3, Tensor(0.0)) { (_: Tensor, s: Tensor) throws(Refusal) in
                        s + (try Self.counting(refusing: refusing, place: op))
                    }
                default:
                    return try whileLoop(Tensor(0.0), condition: { (s: Tensor) throws(Refusal) in s .< 3 },
                                         body: { (s: Tensor) throws(Refusal) in
                                             s + 1 + (try Self.counting(refusing: refusing, place: op)) * 0
                                         })
                }
            }
        }
        #expect(throws: Refusal(place: op)) { _ = try program(true).initialize(rng: nil, x) }
        let (params, state) = try program(false).initialize(rng: nil, x)
        #expect(throws: Refusal(place: op)) { _ = try program(true).apply(params, state, x) }
        #expect(throws: Refusal(place: op)) {
            _ = try jit { (x: Tensor) in try program(true).apply(params, state, x).0 }(x)
        }
        _ = try program(false).apply(params, state, x)
    }
}

import Haiku
import Testing

/// Cases from dm-haiku 0.0.17's `lift_test.py`, translated to Swift; each
/// test names the Haiku test it follows and expects what that test expects.
/// Haiku's `transparent_lift` has no Swift counterpart, so its cases are
/// not here.
@Suite struct HaikuOwnLiftTests {
    /// `Bias`: adds a scalar parameter `b` initialized to one.
    final class Bias: Module {
        func callAsFunction(_ x: Tensor) -> Tensor {
            method(x) { x in x + parameter("b", shape: [], init: .ones) }
        }
    }

    /// A module calling `body` in its method, as the tests' `Outer`.
    final class Outer: Module {
        let body: (Tensor) throws -> Tensor
        init(_ body: @escaping (Tensor) throws -> Tensor) {
            self.body = body
            super.init()
        }
        func callAsFunction(_ x: Tensor) throws -> Tensor {
            var failure: (any Error)?
            let y = method(x) { x in
                do { return try body(x) } catch { failure = error; return x }
            }
            if let failure { throw failure }
            return y
        }
    }

    /// `with_lift`: `f` transformed, its parameters lifted under `name`,
    /// then applied.
    static func withLift(_ f: @escaping (Tensor) throws -> Tensor, name: String = "inner") -> (Tensor) throws -> Tensor {
        { x in
            let inner = transform(f)
            return try inner.apply(try lift(inner, name: name)(nil, x), x)
        }
    }

    /// `{module/name: [values]}` of a structure.
    static func values(_ structure: Params) throws -> [String: [Float]] {
        var values: [String: [Float]] = [:]
        for (module, entries) in structure {
            for (name, value) in entries { values["\(module)/\(name)"] = try value.scalars(as: Float.self) }
        }
        return values
    }

    /// `test_lift_with_vmap`: the inner parameters are lifted under
    /// `lifted/`, and the inner `apply` is mapped over the batch.
    @Test func liftWithVMap() throws {
        let inner = withoutApplyRNG(transform { (x: Tensor) -> Tensor in
            #expect(x.shape.count == 1)
            return Bias()(x)
        })
        let outer = transform { (x: Tensor) -> Tensor in
            #expect(x.shape.count == 2)
            let x = Bias()(x)
            let innerParams = try lift(inner)(nextRNGKey(), x[0])
            return vmap({ (x: Tensor) in (try? inner.apply(innerParams, x)) ?? Tensor.full(x.shape, Float.nan) },
                        splitRNG: false)(x)
        }
        let keys = split(PRNGKey(428))
        let (initKey, applyKey) = (keys[0], keys[1])
        let data = Tensor.zeros([3, 2])
        let params = try outer.initialize(rng: initKey, data)
        #expect(try Self.values(params) == ["bias/b": [1], "lifted/bias/b": [1]])
        #expect(try outer.apply(params, rng: applyKey, data).scalars(as: Float.self) == Array(repeating: 2, count: 6))
    }

    /// `test_inside_transform`: `lift` and `liftWithState` outside a
    /// transformed function are errors (Haiku raises when they are made,
    /// Swift when they are called: making one is a plain value).
    @Test func liftOutsideTransformIsAnError() {
        let inner = transform { () -> [Tensor] in [] }
        #expect(throws: HaikuError.self) { try lift(inner)(nil) }
        #expect {
            try liftWithState(withEmptyState(inner)).0(nil)
        } throws: { error in
            guard case .outsideTransform(function: "liftWithState", _) = error as? HaikuError else { return false }
            return true
        }
    }

    /// `test_empty_lift`.
    @Test func emptyLift() throws {
        let inner = transform { () -> [Tensor] in [] }
        let outer = transform { () -> [Tensor] in
            let params = try lift(inner)(nil)
            #expect(params.isEmpty)
            return []
        }
        #expect(try outer.initialize(rng: nil).isEmpty)
        _ = try outer.apply([:])
    }

    /// `test_empty_lift_with_state` (the `update({})` case; Haiku's
    /// `ignore_update` is not calling `update`).
    @Test func emptyLiftWithState() throws {
        let inner = transformWithState { () -> [Tensor] in [] }
        let outer = transformWithState { () -> [Tensor] in
            let (lifted, updater) = liftWithState(inner)
            let (params, state) = try lifted(nil)
            #expect(params.isEmpty && state.isEmpty)
            try updater.update([:])
            return []
        }
        let (params, state) = try outer.initialize(rng: nil)
        #expect(params.isEmpty && state.isEmpty)
        _ = try outer.apply(params, state)
    }

    /// `test_updater_used_in_different_inner_transform`: the updater used
    /// inside another transformed function than the one that ran the lifted
    /// function is an error.
    @Test func updaterUsedInADifferentTransformIsAnError() throws {
        let inner = transformWithState { () -> [Tensor] in [] }
        let outer = transformWithState { () -> [Tensor] in
            let (lifted, updater) = liftWithState(inner)
            _ = try lifted(nil)
            _ = try transformWithState { () -> [Tensor] in
                try updater.update([:])
                return []
            }.initialize(rng: nil)
            return []
        }
        #expect {
            try outer.initialize(rng: nil)
        } throws: { error in
            guard case let .invalidArgument(reason, _) = error as? HaikuError else { return false }
            return reason.contains("within the same call to initialize/apply")
        }
    }

    /// `test_unused_updater` and `test_used_multiple_times`: Haiku requires
    /// the updater to be used exactly once; here it is a plain value, so
    /// using it never or twice is allowed, and the last update wins.
    @Test func updaterMayBeUsedNeverOrTwice() throws {
        for uses in [0, 2] {
            let outer = transformWithState { () -> Tensor in
                let counter = Self.counter()
                let (lifted, updater) = liftWithState(counter)
                let (params, state) = try lifted(nil)
                let (w, newState) = try counter.apply(params, state)
                for _ in 0..<uses { try updater.update(newState) }
                return w
            }
            let (params, state) = try outer.initialize(rng: nil)
            let (_, after) = try outer.apply(params, state)
            #expect(try Self.values(after) == ["lifted/~/w": [uses == 0 ? 0 : 1]], "\(uses) uses")
        }
    }

    /// The updater used before its lifted function ran is an error (Haiku's
    /// updater checks it was made inside the same transformed call).
    @Test func updaterUsedBeforeTheLiftedFunctionIsAnError() throws {
        let inner = transformWithState { () -> [Tensor] in [] }
        let outer = transformWithState { () -> [Tensor] in
            try liftWithState(inner).1.update([:])
            return []
        }
        #expect(throws: HaikuError.self) { try outer.initialize(rng: nil) }
    }

    /// `test_lift_raises_with_state`: `lift` takes a stateless transformed
    /// function, so a stateful one cannot be passed; a stateless one that
    /// uses state is refused, naming the state and pointing to
    /// `transformWithState` (and so to `liftWithState`).
    @Test func liftOfAFunctionUsingStateIsAnError() {
        let inner = transform { () -> Tensor in getState("w", shape: [], init: Constant.zeros) }
        let outer = transform { () -> Tensor in
            _ = try lift(inner)(nil)
            return Tensor(Float(0))
        }
        #expect(throws: HaikuError.stateInStatelessTransform(names: ["~/w"])) { try outer.initialize(rng: nil) }
    }

    /// The stateful inner function of `test_lift_with_state`: counts its calls in `w`.
    static func counter() -> TransformedWithState<Tensor> { transformWithState { () -> Tensor in
        let w = getState("w", shape: [], init: Constant.zeros) + 1
        setState("w", w)
        return w
    } }

    /// `test_lift_with_state` and `test_lift_with_state_nested`: the inner
    /// state lives under `lifted/~` (or `outer/lifted/~` inside a module)
    /// and counts the outer calls.
    @Test(arguments: [false, true])
    func liftWithStateCounts(nested: Bool) throws {
        let body = { (_: Tensor) throws -> Tensor in
            let counter = Self.counter()
            let (lifted, updater) = liftWithState(counter)
            let (params, state) = try lifted(nil)
            #expect(params.isEmpty)
            let (out, newState) = try counter.apply(params, state)
            try updater.update(newState)
            return out
        }
        let outer = transformWithState { () -> Tensor in
            nested ? try Outer(body)(Tensor(Float(0))) : try body(Tensor(Float(0)))
        }
        let key = nested ? "outer/lifted/~/w" : "lifted/~/w"
        var (params, state) = try outer.initialize(rng: nil)
        #expect(params.isEmpty)
        #expect(try Self.values(state) == [key: [0]])
        for expected: Float in [1, 2, 3] {
            let (w, newState) = try outer.apply(params, state)
            state = newState
            #expect(try w.item(as: Float.self) == expected)
            #expect(try Self.values(state) == [key: [expected]])
        }
    }

    /// `test_custom_full_lift_prefix` (the `lift` and `nested_lift` cases):
    /// inside a module `outer`, lifted names are `outer/inner/...`, and a
    /// lift inside a lift adds its name again.
    @Test(arguments: [(1, "outer/inner/bias/b"), (2, "outer/inner/inner/bias/b")])
    func liftPrefix(depth: Int, expected: String) throws {
        var f: (Tensor) throws -> Tensor = { x in Bias()(x) }
        for _ in 0..<depth { f = Self.withLift(f) }
        let outer = transform { [f] (x: Tensor) in try Outer(f)(x) }
        let x = Tensor.ones([10, 10])
        let params = try outer.initialize(rng: nil, x)
        #expect(try Self.values(params) == [expected: [1]])
        #expect(try outer.apply(params, x).scalars(as: Float.self) == Array(repeating: 2, count: 100))
    }

    /// `test_same_name_across_transforms_no_closed_error`: two transformed
    /// functions each naming a module `bias` give the same parameters.
    @Test func sameNameAcrossTransforms() throws {
        let first = transform { (x: Tensor) in Bias()(x) }
        let second = transform { (x: Tensor) in Bias()(x) }
        let x = Tensor(Float(1))
        #expect(try Self.values(first.initialize(rng: nil, x)) == Self.values(second.initialize(rng: nil, x)))
    }

    /// `test_lift_with_scan` (the `allow_reuse=True` case; Swift's `lift`
    /// always allows reuse): a module scanned over its input lifts an inner
    /// function at each step; every output is zero (`x * w`, `w` zeros).
    @Test func liftWithScan() throws {
        let inner = transform { (x: Tensor) -> Tensor in x * parameter("w", shape: x.shape, init: Constant.zeros) }
        let model = transform { (xs: Tensor) -> Tensor in
            let step = Outer { x in
                let x = x + parameter("w", shape: [], init: Constant.zeros)
                let params = try lift(inner)(runningInit() ? nextRNGKey() : nil, x)
                return try inner.apply(params, x)
            }
            return scan([Tensor](), xs) { (carry: [Tensor], x: Tensor) in
                (carry, (try? step(x)) ?? Tensor.full(x.shape, Float.nan))
            }.ys
        }
        let data = Tensor.zeros([4, 3, 2])
        let params = try model.initialize(rng: PRNGKey(42), data)
        #expect(params.keys.sorted() == ["outer", "outer/lifted/~"])
        let out = try model.apply(params, data)
        #expect(out.shape == [4, 3, 2])
        #expect(try out.scalars(as: Float.self) == Array(repeating: 0, count: 24))
    }
}

import Haiku
import Testing

/// JAX transformations used directly inside transformed functions, against
/// dm-haiku 0.0.17's `hk.vmap`, `hk.scan`, `hk.fori_loop`, `hk.cond`,
/// `hk.switch`, `hk.while_loop`, `hk.grad`, `hk.remat`, `hk.eval_shape`
/// and `hk.lift` (fixture key "stateful" of `Scripts/fixtures/haiku_core.py`).
@Suite struct StatefulTransformTests {
    struct Fixture: Decodable {
        let stateful: Cases
    }

    struct Cases: Decodable {
        let a_vmap_rng: VMapRNG
        let b_vmap_linear: WithParams
        let c_scan: Scan
        let d_fori_loop: ForLoop
        let e_cond: Conds
        let f_switch: Switch
        let g_while_loop: WithParams
        let h_grad: GradState
        let i_remat: Remat
        let k_lift: Lift
        let l_nested_without_lift: Lift
    }

    struct Outputs: Decodable { let output: FixtureTensor }
    struct VMapRNG: Decodable { let split_rng_false, split_rng_true: Outputs }
    struct Conds: Decodable { let positive, negative: Cond }
    struct WithParams: Decodable { let params: [String: [String: FixtureTensor]]; let output: FixtureTensor }
    struct Scan: Decodable { let params: [String: [String: FixtureTensor]]; let carry, ys, after: FixtureTensor }
    struct ForLoop: Decodable { let v, after: FixtureTensor }
    struct Cond: Decodable { let x, y, after: FixtureTensor }
    struct Switch: Decodable { let params: [String: [String: FixtureTensor]]; let outputs: [FixtureTensor] }
    struct GradState: Decodable {
        let state: [String: [String: FixtureTensor]]
        let output: FixtureTensor
        let state_out: [String: [String: FixtureTensor]]
    }
    struct Remat: Decodable {
        let x, output: FixtureTensor
        let params, grads: [String: [String: FixtureTensor]]
    }
    struct Lift: Decodable { let names: [[Name]] }
    enum Name: Decodable {
        case text(String)
        case shape([Int])
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) { self = .text(text) } else { self = .shape(try container.decode([Int].self)) }
        }
    }

    let cases: Cases

    init() throws { cases = try loadFixture("haiku_core", as: Fixture.self).stateful }

    func bits(_ tensor: Tensor) throws -> [UInt32] { try tensor.scalars(as: Float.self).map(\.bitPattern) }

    func expectParams(_ params: Params, _ expected: [String: [String: FixtureTensor]]) throws {
        #expect(params.dictionary.mapValues { Set($0.keys) } == expected.mapValues { Set($0.keys) })
        for (module, values) in expected {
            for (name, value) in values { #expect(try bits(params[module]![name]!) == value.float32Bits, "\(module)/\(name)") }
        }
    }

    @Test func vmapBroadcastsOrSplitsTheKey() throws {
        for split in [false, true] {
            let f = transform { (x: Tensor) in
                vmap({ (x: Tensor) in uniform(nextRNGKey(), []) + x * 0 }, splitRNG: split)(x)
            }
            let x = Tensor.zeros([3])
            let params = try f.initialize(rng: PRNGKey(42), x)
            #expect(params.isEmpty)
            let output = try f.apply(params, rng: PRNGKey(42), x)
            #expect(try bits(output) == (split ? cases.a_vmap_rng.split_rng_true : cases.a_vmap_rng.split_rng_false).output.float32Bits)
        }
    }

    @Test func plainVmapSharesParameters() throws {
        let f = transform { (x: Tensor) in vmap({ (row: Tensor) in Linear(2)(row) })(x) }
        let x = cases.b_vmap_linear.output.tensor.shape == [3, 2] ? Tensor((0..<12).map(Float.init), shape: [3, 4]) : Tensor.zeros([3, 4])
        let params = try f.initialize(rng: PRNGKey(42), x)
        try expectParams(params, cases.b_vmap_linear.params)
        let bound = LinearChainBound(params: params, input: x)
        cases.b_vmap_linear.output.expectContraction(try f.apply(params, x), "output", tolerance: bound.tolerance,
                                                     magnitudes: bound.magnitudes)
    }

    @Test func scanUnrollsItsFirstStepWhileInitializing() throws {
        let f = transform { (xs: Tensor) -> [Tensor] in
            let linear = Linear(2)
            let (carry, ys) = scan(Tensor.zeros([2]), xs) { (carry: Tensor, x: Tensor) -> (Tensor, Tensor) in
                let y = linear(x)
                return (carry + y + normal(nextRNGKey(), [2]), y)
            }
            return [carry, ys, parameter("after", shape: [3], init: RandomNormal())]
        }
        let xs = Tensor.ones([4, 2])
        let params = try f.initialize(rng: PRNGKey(42), xs)
        try expectParams(params, cases.c_scan.params)
        let outputs = try f.apply(params, rng: PRNGKey(1), xs)
        // Each y is w₀ + w₁ + b (x is ones): sums of two terms, equal in
        // either order, so bit for bit on every machine.
        #expect(try bits(outputs[0]) == cases.c_scan.carry.float32Bits)
        #expect(try bits(outputs[1]) == cases.c_scan.ys.float32Bits)
        #expect(try bits(outputs[2]) == cases.c_scan.after.float32Bits)
    }

    @Test func forLoopThreadsTheKeySequence() throws {
        let f = transform { () -> [Tensor] in
            let v = forLoop(0, 3, Tensor(Float(0))) { _, v in v + uniform(nextRNGKey(), []) }
            return [v, parameter("after", shape: [3], init: RandomNormal())]
        }
        let params = try f.initialize(rng: PRNGKey(42))
        #expect(try bits(params["~"]!["after"]!) == cases.d_fori_loop.after.float32Bits)
        let outputs = try f.apply(params, rng: PRNGKey(1))
        #expect(try bits(outputs[0]) == cases.d_fori_loop.v.float32Bits)
        #expect(try bits(outputs[1]) == cases.d_fori_loop.after.float32Bits)
    }

    @Test func condThreadsTheKeySequence() throws {
        let f = transform { (x: Tensor) -> [Tensor] in
            let y = cond(x.sum() .> 0, { x + uniform(nextRNGKey(), x.shape) }, { x - uniform(nextRNGKey(), x.shape) })
            return [y, parameter("after", shape: [2], init: RandomNormal())]
        }
        for (sign, expected) in [("positive", cases.e_cond.positive), ("negative", cases.e_cond.negative)] {
            let x = expected.x.tensor
            let params = try f.initialize(rng: PRNGKey(42), x)
            #expect(try bits(params["~"]!["after"]!) == expected.after.float32Bits, "\(sign)")
            let outputs = try f.apply(params, rng: PRNGKey(1), x)
            #expect(try bits(outputs[0]) == expected.y.float32Bits, "\(sign)")
            #expect(try bits(outputs[1]) == expected.after.float32Bits, "\(sign)")
        }
    }

    /// Haiku needs `running_init` to create the experts; a plain
    /// `switchBranch` here creates every branch's parameters, in order.
    @Test func switchCreatesEveryBranchWhileInitializing() throws {
        let f = transform { (x: Tensor, index: Tensor) in
            let experts = (0..<3).map { Linear(2, name: "expert_\($0)") }
            return switchBranch(index, experts.map { expert in { expert(x) } })
        }
        let x = Tensor.ones([1, 3])
        let params = try f.initialize(rng: PRNGKey(42), x, Tensor(Int32(0)))
        try expectParams(params, cases.f_switch.params)
        for (index, expected) in cases.f_switch.outputs.enumerated() {
            let bound = LinearChainBound(params: params.filter { $0.key == "expert_\(index)" }, input: x)
            expected.expectContraction(try f.apply(params, x, Tensor(Int32(index))), "expert \(index)",
                                       tolerance: bound.tolerance, magnitudes: bound.magnitudes)
        }
    }

    /// Haiku's while_loop refuses to initialize; here the body runs once
    /// while initializing, as its `running_init` pattern does.
    @Test func whileLoopRunsItsBodyOnceWhileInitializing() throws {
        let f = transform { (x: Tensor) in
            let body = Linear(2, wInit: Constant(2.0), bInit: Constant(0.5), name: "doubler")
            return whileLoop(x, condition: { $0.sum() .< 100 }, body: { body($0) })
        }
        let x = Tensor.ones([1, 2])
        let params = try f.initialize(rng: PRNGKey(42), x)
        try expectParams(params, cases.g_while_loop.params)
        // Weights 2, bias 0.5 and x ones: every sum is exact, in any order.
        #expect(try bits(f.apply(params, x)) == cases.g_while_loop.output.float32Bits)
    }

    final class Squarer: Module {
        func callAsFunction(_ x: Tensor) -> Tensor {
            method(x) { x in
                setState("last", x * x)
                return x * x
            }
        }
    }

    @Test func gradReturnsStateSetInside() throws {
        let f = transformWithState { (x: Tensor) in grad { (x: Tensor) in Squarer()(x) }(x) }
        let x = Tensor(Float(2))
        let (params, state) = try f.initialize(rng: nil, x)
        #expect(params.isEmpty)
        #expect(try bits(state["squarer"]!["last"]!) == cases.h_grad.state["my_module"]!["last"]!.float32Bits)
        let (output, after) = try f.apply(params, state, x)
        #expect(try bits(output) == cases.h_grad.output.float32Bits)
        #expect(try bits(after["squarer"]!["last"]!) == cases.h_grad.state_out["my_module"]!["last"]!.float32Bits)
    }

    @Test func rematRedrawsTheSameDropoutMask() throws {
        let f = transform { (x: Tensor) in
            remat { (x: Tensor) in Linear(2)(dropout(nextRNGKey(), rate: 0.5, x)) }(x)
        }
        let x = cases.i_remat.x.tensor
        let params = try f.initialize(rng: PRNGKey(42), x)
        try expectParams(params, cases.i_remat.params)
        // Dropout at rate 0.5 doubles the kept inputs.
        let bound = LinearChainBound(params: params, input: x * Tensor(Float(2)))
        cases.i_remat.output.expectContraction(try f.apply(params, rng: PRNGKey(3), x), "output",
                                               tolerance: bound.tolerance, magnitudes: bound.magnitudes)
        let gradient = try jit { (params: Params) in
            grad { (params: Params) in try! f.apply(params, rng: PRNGKey(3), x).sum() }(params)
        }(params)
        // Sums over a batch of two: bit for bit on every machine.
        try expectParams(gradient, cases.i_remat.grads)
    }

    @Test func evalShapeCreatesNoParameters() throws {
        let f = transform { (x: Tensor) -> Tensor in try evalShape({ (x: Tensor) in MLP([3])(x) }, x) }
        let x = Tensor.ones([2, 4])
        #expect(try f.initialize(rng: PRNGKey(0), x).isEmpty)
        #expect(throws: HaikuError.self) { try f.apply([:], x) }
    }

    @Test func liftRegistersInnerParametersAndNestingWithoutLiftDoesNot() throws {
        let inner = transform { (x: Tensor) in MLP([300, 100])(x) }
        let lifted = transform { (x: Tensor) -> Tensor in
            let params = try lift(inner, name: "inner")(runningInit() ? nextRNGKey() : nil, x)
            return MLP([300, 100])(try inner.apply(params, x))
        }
        let nested = transform { (x: Tensor) -> Tensor in
            _ = try inner.initialize(rng: nextRNGKey(), x)
            return MLP([300, 100])(x)
        }
        let x = Tensor.ones([100, 100])
        for (f, expected) in [(lifted, cases.k_lift), (nested, cases.l_nested_without_lift)] {
            let params = try f.initialize(rng: PRNGKey(777), x)
            var names: [String: [Int]] = [:]
            for (module, values) in params { for (name, value) in values { names["\(module)/\(name)"] = value.shape } }
            var expectedNames: [String: [Int]] = [:]
            for pair in expected.names { if case let .text(name) = pair[0], case let .shape(shape) = pair[1] { expectedNames[name] = shape } }
            #expect(names == expectedNames)
        }
    }
}

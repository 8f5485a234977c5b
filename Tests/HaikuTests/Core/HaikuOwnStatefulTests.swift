import Haiku
import Testing

/// Cases from dm-haiku 0.0.17's `stateful_test.py`, translated to Swift;
/// each test names the Haiku test it follows and expects what that test
/// expects. Haiku's `hk.grad`, `hk.cond`, `hk.scan`, ... are JAX's own
/// transformations here (`grad`, `cond`, `scan`, ...), which carry Haiku's
/// parameters, state and keys when used inside a transformed function.
@Suite struct HaikuOwnStatefulTests {
    /// `SquareModule`: `x ** p` with an int32 parameter `p` = 2, also stored
    /// as the state `y`.
    final class SquareModule: Module {
        func callAsFunction(_ x: Tensor) -> Tensor {
            method(x) { x in
                #expect(x.shape.isEmpty)
                let p = parameter("p", shape: [], dtype: .int32, init: Constant(2))
                let y = pow(x, p.converted(to: x.dtype))
                setState("y", y)
                return y
            }
        }
    }

    /// `CountingModule`: applies `op` and counts its calls in the state
    /// `count` (float32, from zero).
    final class CountingModule: Module {
        let op: (Tensor) -> Tensor
        init(op: @escaping (Tensor) -> Tensor = { $0 * $0 }) {
            self.op = op
            super.init()
        }

        var count: Tensor { method { getState("count", shape: [], init: Constant.zeros) } }

        func callAsFunction(_ x: Tensor) -> Tensor {
            method(x) { x in
                let y = op(x)
                setState("count", count + 1)
                return y
            }
        }
    }

    /// `test_utils.transform_and_run`: `body` run inside a stateful
    /// transformed function, initialized and then applied, with key 42.
    static func transformAndRun<Output: TensorTree>(_ body: @escaping () throws -> Output) throws -> Output {
        let f = transformWithState(body)
        let (params, state) = try f.initialize(rng: PRNGKey(42))
        return try f.apply(params, state, rng: PRNGKey(42)).output
    }

    static func float(_ tensor: Tensor) throws -> Float { try tensor.converted(to: .float32).item(as: Float.self) }

    /// `test_grad` and `test_value_and_grad`: d(x²)/dx = 2x.
    @Test func gradAndValueAndGrad() throws {
        let gradient = try Self.transformAndRun { grad { (x: Tensor) in SquareModule()(x) }(Tensor(Float(3))) }
        #expect(try Self.float(gradient) == 6)
        let both = try Self.transformAndRun { () -> [Tensor] in
            let (value, gradient) = valueAndGrad { (x: Tensor) in SquareModule()(x) }(Tensor(Float(2)))
            return [value, gradient]
        }
        #expect(try both.map(Self.float) == [4, 4])
    }

    /// `test_grad_aux` and `test_value_and_grad_aux`: the auxiliary output
    /// comes out unchanged.
    @Test func valueAndGradWithAuxiliary() throws {
        let outputs = try Self.transformAndRun { () -> [Tensor] in
            let ((value, auxiliary), gradient) = valueAndGrad { (x: Tensor) -> (Tensor, Tensor) in
                (SquareModule()(x), Tensor(Int32(7)))
            }(Tensor(Float(3)))
            return [value, auxiliary, gradient]
        }
        #expect(try outputs.map(Self.float) == [9, 7, 6])
    }

    /// `test_grad_and_jit` and `test_value_and_grad_and_jit`: the same under
    /// `jit`, with the state the module set.
    @Test func gradUnderJit() throws {
        let f = transformWithState { (x: Tensor) -> [Tensor] in
            let (value, gradient) = valueAndGrad { (x: Tensor) in SquareModule()(x) }(x)
            return [value, gradient]
        }
        let x = Tensor(Float(3))
        let (params, state) = try f.initialize(rng: nil, x)
        #expect(try params["square_module"]!["p"]!.item(as: Int32.self) == 2)
        let jitted = jit { (x: Tensor) -> [Tensor] in
            guard let (outputs, state) = try? f.apply(params, state, x) else { return [Tensor(Float.nan)] }
            return outputs + [state["square_module"]?["y"] ?? Tensor(Float.nan)]
        }
        #expect(try jitted(x).map(Self.float) == [9, 6, 9])
    }

    /// `test_jit`.
    @Test func jitOfAModule() throws {
        let y = try Self.transformAndRun { try jit { (x: Tensor) in SquareModule()(x) }(Tensor(Int32(2))) }
        #expect(try y.item(as: Int32.self) == 4)
    }

    /// `test_grad_no_transform`, `test_value_and_grad_no_transform`,
    /// `test_jit_no_transform`, `test_remat_no_transform`,
    /// `test_cond_no_transform`, `test_switch_no_transform`,
    /// `test_scan_no_transform`, `test_eval_shape_no_transform` and
    /// `test_vmap_must_be_called_in_transform`: Haiku's versions refuse to
    /// run outside a transformed function and point to JAX's; here they
    /// are JAX's, so outside a transformed function they behave as JAX's.
    @Test func transformationsOutsideTransformAreJAXs() throws {
        let x = Tensor(Float(3))
        let square = { (x: Tensor) in x * x }
        #expect(try Self.float(grad(square)(x)) == 6)
        #expect(try Self.float(valueAndGrad(square)(x).gradient) == 6)
        #expect(try Self.float(jit(square)(x)) == 9)
        #expect(try Self.float(remat(square)(x)) == 9)
        #expect(try Self.float(cond(x .== Tensor(Float(2)), { x }, { square(x + 1) })) == 16)
        #expect(try Self.float(switchBranch(Tensor(Int32(2)), [{ square(x) }, { x }, { square(x) }])) == 9)
        #expect(try scan([Tensor](), Tensor.arange(3)) { carry, x in (carry, x) }.ys.scalars(as: Int32.self) == [0, 1, 2])
        #expect(try evalShape(square, x).shape == [])
        #expect(try vmap({ (x: Tensor) in x }, splitRNG: false)(Tensor.arange(4)).scalars(as: Int32.self) == [0, 1, 2, 3])
    }

    /// `test_remat` (its value part: Haiku counts the primitive's
    /// evaluations with a custom JAX primitive, which has no counterpart):
    /// value and gradient through `remat`, the module called once.
    @Test(arguments: [false, true])
    func rematKeepsValueGradientAndState(useRemat: Bool) throws {
        let outputs = try Self.transformAndRun { () -> [Tensor] in
            let module = CountingModule()
            let before = module.count
            let f = { (x: Tensor) in module(x) }
            let (y, g) = valueAndGrad(useRemat ? remat(f) : f)(Tensor(Float(3)))
            return [before, y, g, module.count]
        }
        #expect(try outputs.map(Self.float) == [0, 9, 6, 1])
    }

    /// `test_create_module_inside_remat`: modules made inside `remat` are
    /// named as outside it (`layer`, `layer_1`), and the gradient of
    /// (x²)² is 4x³. Haiku's log holds each name once; here `remat` runs
    /// its function more than once (a probe for the output's structure,
    /// and the recomputation in the backward pass), each run naming its
    /// module the same, so the log holds the same names, repeated.
    @Test(arguments: [false, true])
    func createModuleInsideRemat(inline: Bool) throws {
        let log = NameLog()
        let layer = { (x: Tensor) -> Tensor in
            let module = SquareModule(name: "layer")
            log.names.append(module.moduleName)
            return module(x)
        }
        let forward = transformWithState { (x: Tensor) -> Tensor in
            var x = x
            let step = inline ? layer : remat(layer)
            for _ in 0..<2 { x = inline ? remat(layer)(x) : step(x) }
            return x
        }
        let x = Tensor(Float(3))
        let (params, state) = try forward.initialize(rng: nil, x)
        #expect(Set(log.names) == ["layer", "layer_1"])
        #expect(params.keys.sorted() == ["layer", "layer_1"])
        log.names = []
        let gradient = grad { (x: Tensor) in (try? forward.apply(params, state, x).output) ?? Tensor(Float.nan) }(x)
        #expect(try Self.float(gradient) == 4 * 27)
        #expect(Set(log.names) == ["layer", "layer_1"])
    }

    /// Names recorded while tracing.
    final class NameLog: @unchecked Sendable { var names: [String] = [] }

    /// `test_cond`: the branch taken sets the state, for x = 1, 2, 3.
    @Test(arguments: [(1, 4), (2, 4), (3, 16)])
    func condWithState(x: Int, y: Int) throws {
        let f = transformWithState { (x: Tensor) -> Tensor in
            let module = SquareModule()
            return cond(x .== Tensor(Int32(2)), { module(x) }, { module(x + 1) })
        }
        let input = Tensor(Int32(x))
        let (params, state) = try f.initialize(rng: nil, input)
        let (out, after) = try f.apply(params, state, input)
        #expect(try after.mapValues { try $0.mapValues { try $0.item(as: Int32.self) } } == ["square_module": ["y": Int32(y)]])
        #expect(try out.item(as: Int32.self) == Int32(y))
    }

    /// `test_cond_no_args`, `test_cond_two_args` and `test_cond_three_args`
    /// (operands are what the branches capture).
    @Test func condOperands() throws {
        let (a, b, c) = (Tensor(Int32(3)), Tensor(Int32(2)), Tensor(Int32(1)))
        let outputs = try Self.transformAndRun { () -> [[Tensor]] in
            [
                [cond(Tensor(true), { Tensor(Int32(5)) }, { Tensor(Int32(4)) })],
                cond(Tensor(true), { [c, b] }, { [b, c] }),
                cond(Tensor(true), { [c, b, a] }, { [a, b, c] }),
            ]
        }
        #expect(try outputs.map { try $0.map { try $0.item(as: Int32.self) } } == [[5], [1, 2], [1, 2, 3]])
    }

    /// `test_switch`: the branch chosen sets the state.
    @Test(arguments: [(0, 1, 1), (1, 2, 9), (2, 3, 25)])
    func switchWithState(index: Int, x: Int, y: Int) throws {
        let f = transformWithState { (index: Tensor, x: Tensor) -> Tensor in
            let module = SquareModule()
            return switchBranch(index, [{ module(x) }, { module(x + 1) }, { module(x + 2) }])
        }
        let (index, x) = (Tensor(Int32(index)), Tensor(Int32(x)))
        let (params, state) = try f.initialize(rng: nil, index, x)
        let (out, after) = try f.apply(params, state, index, x)
        #expect(try after["square_module"]?["y"]?.item(as: Int32.self) == Int32(y))
        #expect(try out.item(as: Int32.self) == Int32(y))
    }

    /// `test_switch_multiple_operands`: branch `i` squares operand `i`.
    @Test(arguments: 0..<3)
    func switchMultipleOperands(index: Int) throws {
        let f = transformWithState { (index: Tensor, xyz: [Tensor]) -> Tensor in
            let module = SquareModule()
            return switchBranch(index, xyz.map { operand in { module(operand) } })
        }
        let xyz = [1, 3, 5].map { Tensor(Int32($0)) }
        let expected = Int32([1, 3, 5][index] * [1, 3, 5][index])
        let (params, state) = try f.initialize(rng: nil, Tensor(Int32(index)), xyz)
        let (out, after) = try f.apply(params, state, Tensor(Int32(index)), xyz)
        #expect(try after["square_module"]?["y"]?.item(as: Int32.self) == expected)
        #expect(try out.item(as: Int32.self) == expected)
    }

    /// `test_cond_branch_structure_error` and
    /// `test_switch_branch_structure_error`: Haiku refuses, while
    /// initializing, a branch that creates a parameter when another does
    /// not. Here every branch that creates values runs while initializing
    /// (Haiku's `running_init` pattern, done for the user), so the
    /// parameter exists and the branch chosen gives the output.
    @Test func branchCreatingAParameterRunsWhileInitializing() throws {
        let f = transform { (x: Tensor) -> [Tensor] in
            let create = { parameter("w", shape: x.shape, init: Constant.ones) }
            return [cond(Tensor(false), create, { x }), switchBranch(Tensor(Int32(0)), [create, { x }])]
        }
        let x = Tensor(Float(0))
        let params = try f.initialize(rng: nil, x)
        #expect(try params["~"]?["w"]?.item(as: Float.self) == 1)
        #expect(try f.apply(params, x).map(Self.float) == [0, 1])
    }

    /// Branches whose outputs have other types are an error naming both
    /// (Haiku's "branch outputs must have the same pytree structure").
    @Test func branchesOfOtherTypesAreAnError() {
        let f = transform { (x: Tensor) -> Tensor in cond(x .> Tensor(Float(0)), { x }, { x.converted(to: .int32) }) }
        #expect {
            try f.initialize(rng: nil, Tensor(Float(1)))
        } throws: { error in
            "\(error)".contains("branch 1 returns other types than branch 0")
        }
    }

    /// `test_scan_with_state`: a counting module scanned over `n` inputs
    /// counts `n` and squares each.
    @Test(arguments: [0, 1, 2, 4, 8])
    func scanWithState(length: Int) throws {
        let f = transformWithState { (xs: Tensor) -> Tensor in
            let module = CountingModule()
            return scan([Tensor](), xs) { (carry: [Tensor], x: Tensor) in
                #expect(carry.isEmpty)
                return (carry, module(x))
            }.ys
        }
        let keys = split(PRNGKey(42))
        let xs = Tensor.arange(length)
        let (params, state) = try f.initialize(rng: keys[0], xs)
        #expect(state.keys.sorted() == ["counting_module"])
        #expect(state["counting_module"]?.keys.sorted() == ["count"])
        #expect(try state["counting_module"]?["count"]?.item(as: Float.self) == 0)
        let (ys, after) = try f.apply(params, state, rng: keys[1], xs)
        #expect(try after["counting_module"]?["count"]?.item(as: Float.self) == Float(length))
        #expect(try ys.scalars(as: Int32.self) == (0..<length).map { Int32($0 * $0) })
    }

    /// `test_stateful_scan_with_rng_use` and `test_stateful_fori_with_rng_use`:
    /// a loop drawing 10 keys a step, after reserving 5, works for 0, 1, 2
    /// and 8 steps.
    @Test(arguments: [0, 1, 2, 8])
    func loopsDrawingKeys(count: Int) throws {
        let outputs = try Self.transformAndRun { () -> [Tensor] in
            reserveRNGKeys(5)
            let drawTen = { for _ in 0..<10 { _ = nextRNGKey() } }
            _ = scan([Tensor](), [Tensor](), length: count) { carry, x in
                drawTen()
                return (carry, x)
            }
            return [forLoop(0, count, Tensor(Int32(1))) { _, x in
                drawTen()
                return x
            }, nextRNGKey().data]
        }
        #expect(try outputs[0].item(as: Int32.self) == 1)
        #expect(outputs[1].shape == [2])
    }

    /// `test_stateful_cond_with_rng_use` and
    /// `test_stateful_switch_with_rng_use`: branches drawing different
    /// numbers of keys.
    @Test func branchesDrawingDifferentNumbersOfKeys() throws {
        let outputs = try Self.transformAndRun { () -> [Tensor] in
            reserveRNGKeys(5)
            let drawing = { (count: Int) in { () -> Tensor in
                for _ in 0..<count { _ = nextRNGKey() }
                return Tensor(Int32(count))
            } }
            let branches = (0..<5).map(drawing)
            return [
                cond(Tensor(true), drawing(1), drawing(2)), cond(Tensor(false), drawing(1), drawing(2)),
                switchBranch(Tensor(Int32(3)), branches), switchBranch(Tensor(Int32(0)), branches),
            ]
        }
        #expect(try outputs.map { try $0.item(as: Int32.self) } == [1, 2, 3, 0])
    }

    /// `test_stateful_while_loop_with_rng_use`: a loop body drawing two keys.
    @Test func whileLoopDrawingKeys() throws {
        let i = try Self.transformAndRun { () -> Tensor in
            reserveRNGKeys(5)
            return whileLoop(Tensor(Int32(0)), condition: { $0 .< Tensor(Int32(7)) }) { i in
                _ = nextRNGKey()
                _ = nextRNGKey()
                return i + 1
            }
        }
        #expect(try i.item(as: Int32.self) == 7)
    }

    /// `test_fori`: the last step's square comes out and every step counts.
    @Test(arguments: [0, 1, 2, 4, 8], [1, 2, 3])
    func forLoopWithState(lower: Int, n: Int) throws {
        let upper = lower + n
        let outputs = try Self.transformAndRun { () -> [Tensor] in
            let module = CountingModule()
            let y = forLoop(lower, upper, Tensor(Int32(2))) { i, _ in module(i) }
            return [y, module.count]
        }
        #expect(try outputs[0].item(as: Int32.self) == Int32((upper - 1) * (upper - 1)))
        #expect(try outputs[1].item(as: Float.self) == Float(n))
    }

    /// `test_vmap`: state is not batched; the output is.
    @Test func vmapWithState() throws {
        let f = transformWithState { (x: Tensor) in vmap({ (x: Tensor) in CountingModule()(x) }, splitRNG: false)(x) }
        let x = Tensor.ones([4]) + 1
        let (params, state) = try f.initialize(rng: nil, x)
        #expect(params.isEmpty)
        #expect(state["counting_module"]?["count"]?.shape == [])
        #expect(try state["counting_module"]?["count"]?.item(as: Float.self) == 0)
        let (y, after) = try f.apply(params, state, x)
        #expect(try y.scalars(as: Float.self) == [4, 4, 4, 4])
        #expect(after["counting_module"]?["count"]?.shape == [])
        #expect(try after["counting_module"]?["count"]?.item(as: Float.self) == 1)
    }

    /// `test_vmap_no_in_axes`: nothing to map over is an error.
    @Test func vmapWithoutMappedAxesIsAnError() {
        #expect {
            try Self.transformAndRun { vmap({ (x: Tensor) in x }, inAxes: nil, splitRNG: false)(Tensor.ones([2])) }
        } throws: { error in
            "\(error)".contains("vmap with no batched input needs an axisSize")
        }
    }

    /// `test_vmap_in_axes_different_size`: mapped axes of other sizes are an
    /// error.
    @Test func vmapOfInconsistentSizesIsAnError() {
        let x = Tensor.ones([1, 2])
        #expect {
            try Self.transformAndRun { vmap({ (pair: [Tensor]) in pair[0] }, inAxes: [0, 1])([x, x]) }
        } throws: { error in
            "\(error)".contains("vmap inputs have different sizes along their batch axes: [1, 2]")
        }
    }

    /// `test_vmap_in_axes_supports_list`.
    @Test func vmapInAxesList() throws {
        let b = try Self.transformAndRun { vmap({ (a: [Tensor]) in a[0] * 2 }, inAxes: [0])([Tensor.ones([4])]) }
        #expect(try b.scalars(as: Float.self) == [2, 2, 2, 2])
    }

    /// `test_vmap_no_split_rng`, `test_vmap_split_rng` and
    /// `test_vmap_split_rng_without_default`: without splitting, every lane
    /// draws the same key, unlike the keys drawn before and after; with
    /// splitting, all six keys differ.
    @Test(arguments: [false, true])
    func vmapKeys(splitRNG: Bool) throws {
        let keys = try Self.transformAndRun { () -> [Tensor] in
            let before = nextRNGKey().data
            let lanes = vmap({ (_: Tensor) in nextRNGKey().data }, splitRNG: splitRNG)(Tensor.arange(4))
            return [before, lanes, nextRNGKey().data]
        }
        let before = try keys[0].scalars(as: UInt32.self), after = try keys[2].scalars(as: UInt32.self)
        let lanes = try keys[1].scalars(as: UInt32.self)
        let lane = (0..<4).map { Array(lanes[2 * $0 ..< 2 * $0 + 2]) }
        #expect(before != after && !lane.contains(before) && !lane.contains(after))
        #expect(Set(lane).count == (splitRNG ? 4 : 1))
    }

    /// `test_vmap_split_rng_better_out_axes_error`: creating a parameter
    /// inside `vmap(splitRNG: true)` while initializing would give each
    /// example its own parameter; it is an error naming the parameter.
    @Test func vmapSplittingKeysCannotCreateParameters() {
        let f = transform { () -> Tensor in
            vmap({ (_: Tensor) in parameter("mapped", shape: [], init: TruncatedNormal()) }, splitRNG: true)(Tensor.arange(4))
        }
        #expect {
            try f.initialize(rng: PRNGKey(42))
        } throws: { error in
            "\(error)".contains("mapped") && "\(error)".contains("varies along the vmap axis")
        }
    }

    /// The side effects of `base_test.SIDE_EFFECTING_FUNCTIONS`.
    static let sideEffects = ["parameter", "getState", "setState", "nextRNGKey", "nextRNGKeys", "reserveRNGKeys", "withRNG"]

    /// The side effect named `name`.
    static func sideEffect(_ name: String) -> () -> Void {
        switch name {
        case "parameter": { _ = parameter("w", shape: [], init: Constant.zeros) }
        case "getState": { _ = getState("w", shape: [], init: Constant.zeros) }
        case "setState": { setState("w", Tensor(Float(1))) }
        case "nextRNGKey": { _ = nextRNGKey() }
        case "nextRNGKeys": { _ = nextRNGKeys(2) }
        case "reserveRNGKeys": { reserveRNGKeys(2) }
        default: { withRNG(PRNGKey(42)) { _ = nextRNGKey() } }
        }
    }

    /// The transformations of `HK_OVERLOADED_JAX_PURE_EXPECTING_FNS`.
    static let transformations = ["jit", "evalShape", "vmap", "cond", "forLoop", "scan", "switch", "whileLoop", "grad",
                                  "valueAndGrad", "remat"]

    /// `f` under the transformation named `name`, as Haiku's test wraps it.
    static func transformed(_ name: String, _ f: @escaping (Tensor) -> Tensor) -> (Tensor) throws -> Tensor {
        switch name {
        case "jit": { try jit(f)($0) }
        case "evalShape": { x in
            let y = f(x)
            _ = try evalShape(f, x)
            return y
        }
        case "vmap": { vmap(f, splitRNG: false)($0) }
        case "cond": { x in cond(Tensor(true), { f(x) }, { f(x) }) }
        case "forLoop": { x in forLoop(0, 1, x) { _, x in f(x) } }
        case "scan": { x in scan([Tensor](), x) { carry, x in (carry, f(x)) }.ys }
        case "switch": { x in switchBranch(Tensor(Int32(0)), [{ f(x) }, { f(x) }]) }
        case "whileLoop": { x in
            guard !runningInit() else { return f(x) }
            return whileLoop([Tensor(Int32(0)), x], condition: { $0[0] .== Tensor(Int32(0)) }) { [Tensor(Int32(1)), f($0[1])] }[1]
        }
        case "grad": { grad { f($0).sum() }($0) }
        case "valueAndGrad": { valueAndGrad { f($0).sum() }($0).gradient }
        default: { remat(f)($0) }
        }
    }

    /// `test_safe_use_of_jax`: every side effect inside every
    /// transformation, initialized and applied, works and returns the
    /// input (the gradient of a sum for `grad`). Haiku skips
    /// `reserve_rng_keys` in `while_loop`; it works here.
    @Test(arguments: sideEffects, transformations)
    func safeUseOfJAX(sideEffect: String, transformation: String) throws {
        let effect = Self.sideEffect(sideEffect)
        let f = Self.transformed(transformation) { x in
            effect()
            return x
        }
        let y = try Self.transformAndRun { try f(Tensor.ones([1])) }
        #expect(try y.scalars(as: Float.self) == [1])
    }

    /// `test_while_loop_rejected_in_init`: Haiku refuses `while_loop` while
    /// initializing; here its body runs once, as Haiku's `running_init`
    /// pattern does, so a loop over a module's state initializes.
    @Test func whileLoopRunsItsBodyOnceWhileInitializing() throws {
        let f = transformWithState { (x: Tensor) -> Tensor in
            let module = CountingModule(op: { $0 + 1 })
            return whileLoop(x, condition: { $0 .< Tensor(Float(3)) }, body: { module($0) })
        }
        let x = Tensor(Float(0))
        let (params, state) = try f.initialize(rng: nil, x)
        #expect(params.isEmpty)
        #expect(try state["counting_module"]?["count"]?.item(as: Float.self) == 0)
        let (y, after) = try f.apply(params, state, x)
        #expect(try y.item(as: Float.self) == 3)
        #expect(try after["counting_module"]?["count"]?.item(as: Float.self) == 3)
    }

    /// `test_updating_state_in_cond_fails` and `test_rng_in_cond_fails`: a
    /// loop condition that sets state or draws a key is an error.
    @Test(arguments: [false, true])
    func whileLoopConditionWithSideEffectsIsAnError(drawsKey: Bool) throws {
        let f = transformWithState { (x: Tensor) -> Tensor in
            let module = CountingModule(op: { $0 + 1 })
            guard !runningInit() else { return module(x) }
            let condition = drawsKey
                ? { (_: Tensor) in nextRNGKey().data[0] .> Tensor(UInt32(0)) }
                : { (x: Tensor) in module(x) .> Tensor(Float(0)) }
            return whileLoop(x, condition: condition, body: { $0 })
        }
        let x = Tensor(Float(0))
        let (params, state) = try f.initialize(rng: nil, x)
        #expect {
            try f.apply(params, state, rng: PRNGKey(42), x)
        } throws: { error in
            "\(error)".contains("a loop condition changed state or drew a random key")
        }
    }

    /// `test_while_loop_with_state`: a counting body run `iters` times.
    @Test(arguments: [0, 1, 2, 4, 8])
    func whileLoopWithState(iterations: Int) throws {
        let f = transformWithState { (x: Tensor) -> Tensor in
            let module = CountingModule(op: { $0 + 1 })
            guard !runningInit() else { return module(x) }
            let limit = Tensor(Int32(iterations))
            return whileLoop([Tensor(Int32(0)), x], condition: { $0[0] .< limit }) { [$0[0] + 1, module($0[1])] }[1]
        }
        let x = Tensor(Float(0))
        let (params, state) = try f.initialize(rng: nil, x)
        #expect(state.keys.sorted() == ["counting_module"])
        #expect(try state["counting_module"]?["count"]?.item(as: Float.self) == 0)
        let (y, after) = try f.apply(params, state, x)
        #expect(try after["counting_module"]?["count"]?.item(as: Float.self) == Float(iterations))
        #expect(try y.item(as: Float.self) == Float(iterations))
    }

    /// `test_eval_shape`: `evalShape` of a module gives the output's shape
    /// and does not advance its state.
    @Test func evalShapeLeavesStateAlone() throws {
        let f = transformWithState { (x: Tensor) -> [Tensor] in
            let module = CountingModule(op: { $0[0] })
            let shape = try evalShape({ (x: Tensor) in module(x) }, x)
            return [module(x), Tensor(shape.shape.map(Int32.init))]
        }
        let x = Tensor.ones([10, 10])
        let (params, state) = try f.initialize(rng: PRNGKey(42), x)
        #expect(state.keys.sorted() == ["counting_module"])
        #expect(try state["counting_module"]?["count"]?.item(as: Float.self) == 0)
        let (outputs, after) = try f.apply(params, state, rng: PRNGKey(42), x)
        #expect(try after["counting_module"]?["count"]?.item(as: Float.self) == 1)
        #expect(try outputs[0].scalars(as: Float.self) == Array(repeating: 1, count: 10))
        #expect(try outputs[1].scalars(as: Int32.self) == [10])
    }

    /// `test_eval_shape_no_leaked_tracers_under_leak_checker`: `evalShape`
    /// of a module while initializing.
    @Test func evalShapeOfAModuleWhileInitializing() throws {
        let f = transformWithState { () -> Tensor in try evalShape({ (x: Tensor) in SquareModule()(x) }, Tensor.ones([])) }
        let (params, state) = try f.initialize(rng: nil)
        #expect(params.isEmpty && state.isEmpty)
    }
}

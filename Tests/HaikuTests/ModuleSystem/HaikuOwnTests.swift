@testable import Haiku
import Testing

/// Cases from dm-haiku 0.0.17's own test suite (`module_test.py`,
/// `basic_test.py`, `base_test.py`), translated to Swift; each test names
/// the Haiku test it follows and expects what that test expects.
@Suite struct HaikuOwnTests {
    /// `ScalarModule`: one scalar parameter `w`.
    final class ScalarModule: Module {
        func callAsFunction() -> Tensor {
            method { parameter("w", shape: [], init: .zeros) }
        }
    }

    /// `ScalarStateModule`: one scalar state `w`.
    final class ScalarStateModule: Module {
        func callAsFunction() -> Tensor {
            method { getState("w", shape: [], init: Constant(0)) }
        }
    }

    /// `CapturesModule`: calls a function (or a module) made outside it.
    final class CapturesModule: Module {
        let captured: () -> Tensor
        init(_ captured: @escaping () -> Tensor, name: ModuleName = nil) {
            self.captured = captured
            super.init(name: name)
        }
        func callAsFunction() -> Tensor {
            method { captured() }
        }
    }

    /// Names seen inside a transformed function.
    final class Seen: @unchecked Sendable { var keys: [String] = [] }

    /// `test_params_dict_captured`: a module made outside and called inside
    /// another belongs to the caller's `paramsDict`, under its own name.
    @Test func paramsDictOfACapturedModule() throws {
        let seen = Seen()
        let f = transform { () -> Tensor in
            let scalar = ScalarModule()
            let module = CapturesModule { scalar() }
            defer { seen.keys = module.paramsDict().keys.sorted() }
            return module()
        }
        _ = try f.apply(try f.initialize(rng: nil), rng: nil)
        #expect(seen.keys == ["scalar_module/w"])
    }

    /// `test_params_dict_captured_lambda`: a module made inside the call is
    /// named under the caller.
    @Test func paramsDictOfAModuleMadeInside() throws {
        let seen = Seen()
        let f = transform { () -> Tensor in
            let module = CapturesModule { ScalarModule()() }
            defer { seen.keys = module.paramsDict().keys.sorted() }
            return module()
        }
        _ = try f.apply(try f.initialize(rng: nil), rng: nil)
        #expect(seen.keys == ["captures_module/scalar_module/w"])
    }

    /// `test_state_dict_captured`.
    @Test func stateDictOfACapturedModule() throws {
        let seen = Seen()
        let f = transformWithState { () -> Tensor in
            let state = ScalarStateModule()
            let module = CapturesModule { state() }
            defer { seen.keys = module.stateDict().keys.sorted() }
            return module()
        }
        let (params, state) = try f.initialize(rng: nil)
        _ = try f.apply(params, state, rng: nil)
        #expect(seen.keys == ["scalar_state_module/w"])
    }

    /// `test_sequential_params`: a `Sequential` over layers made outside it,
    /// and over a nested `Sequential` whose function makes a `Linear` at each
    /// call, holds all their parameters.
    @Test func sequentialParams() throws {
        let seen = Seen()
        let f = transform { (x: Tensor) -> Tensor in
            let sequential = Sequential([
                Sequential([Linear(2), Linear(2)]),
                Sequential([{ (x: Tensor) in Linear(2)(x * 1) }]),
            ])
            for _ in 0..<2 { _ = sequential(x) }
            seen.keys = sequential.paramsDict().keys.sorted()
            return x
        }
        let x = Tensor.zeros([1, 1])
        _ = try f.apply(try f.initialize(rng: PRNGKey(0), x), rng: nil, x)
        #expect(seen.keys == ["linear/b", "linear/w", "linear_1/b", "linear_1/w", "sequential_1/linear/b", "sequential_1/linear/w"])
    }

    /// `test_get_parameter_no_init_during_init_second_call` and
    /// `test_get_parameter_no_init_during_apply`: without an initializer,
    /// `parameter` reads the value that exists.
    @Test func parameterWithoutInitializerReadsTheExistingValue() throws {
        let f = transform { () -> [Tensor] in
            let w = parameter("w", shape: [], init: .ones)
            return [w, parameter("w", shape: [])]
        }
        let params = try f.initialize(rng: nil)
        let initialized = try f.apply(params, rng: nil)
        #expect(try initialized[1].scalars(as: Float.self) == [1])
        let read = transform { () -> Tensor in parameter("w", shape: []) }
        #expect(try read.apply(["~": ["w": Tensor(Float(3))]], rng: nil).scalars(as: Float.self) == [3])
    }

    /// A parameter that does not exist yet and has no initializer is an
    /// error in `initialize` naming it (Haiku's `ValueError` "Unable to
    /// retrieve parameter 'w' for module '~'").
    @Test func parameterWithoutInitializerInInitializeIsAnError() throws {
        let line = #line + 1
        let f = transform { () -> Tensor in parameter("w", shape: [2]) }
        #expect(throws: HaikuError.missingInitializer(name: "w", module: "~", location: "HaikuTests/HaikuOwnTests.swift:\(line)")) {
            _ = try f.initialize(rng: nil)
        }
    }

    /// `name_scope` is not a module method: interceptors see only the
    /// module's own call, not the scope (Haiku's `name_scope` is invisible to
    /// `intercept_methods`), while names still nest.
    @Test func nameScopeIsInvisibleToMethodInterceptors() throws {
        final class Scoped: Module {
            func callAsFunction() -> Tensor {
                method { nameScope("scope") { parameter("w", shape: [], init: .ones) } }
            }
        }
        final class Calls: @unchecked Sendable { var names: [String] = [] }
        let calls = Calls()
        let f = transform { () -> Tensor in
            interceptMethods({ next, arguments, context in
                calls.names.append("\(context.module.moduleName).\(context.methodName)")
                return next(arguments)
            }) { Scoped()() }
        }
        let params = try f.initialize(rng: nil)
        #expect(calls.names == ["scoped.__call__"])
        #expect(params.keys.sorted() == ["scoped/scope"])
    }

    // Documented differences (Docs/Haiku-to-Swift.md): Swift's behaviour.

    /// Haiku intercepts `__init__` too; Swift initializers run before the
    /// module exists as an object, so interceptors see only methods.
    @Test func interceptorsDoNotSeeInitializers() throws {
        final class Calls: @unchecked Sendable { var names: [String] = [] }
        let calls = Calls()
        let f = transform { (x: Tensor) -> Tensor in
            interceptMethods({ next, arguments, context in
                calls.names.append("\(context.module.moduleName).\(context.methodName)")
                return next(arguments)
            }) { Linear(2)(x) }
        }
        _ = try f.initialize(rng: PRNGKey(0), Tensor.ones([1, 3]))
        #expect(calls.names == ["linear.__call__"])
    }

    /// Haiku raises `ValueError` for a module made outside a transform;
    /// Swift names it where it is first used.
    @Test func moduleMadeOutsideATransformIsNamedWhereUsed() throws {
        let linear = Linear(2, name: "outside")
        let f = transform { (x: Tensor) -> Tensor in linear(x) }
        let params = try f.initialize(rng: PRNGKey(0), Tensor.ones([1, 3]))
        #expect(params.keys.sorted() == ["outside"])
    }

    /// Haiku raises `ValueError` for `hk.set_state` and `hk.get_state`
    /// outside a transform; Swift's `setState` has nothing to carry the
    /// error and does nothing, and `getState`'s value throws when read.
    @Test func stateOutsideATransform() {
        setState("w", Tensor(Float(1)))
        #expect(throws: (any Error).self) { try getState("w").scalars(as: Float.self) }
    }

    /// Haiku raises `ValueError` for `hk.running_init()` outside a
    /// transform; Swift answers `false` (no transform is initializing).
    @Test func runningInitOutsideATransformIsFalse() {
        #expect(runningInit() == false)
    }
}

/// `calculate_bias_shape` (`bias_test.py`'s cases) as `Bias.biasShape`.
@Suite struct BiasShapeTests {
    @Test func shapes() throws {
        #expect(try Bias.biasShape(inputShape: [8, 4, 5, 3], biasDims: nil) == [4, 5, 3])
        #expect(try Bias.biasShape(inputShape: [8, 4, 5, 3], biasDims: []) == [])
        #expect(try Bias.biasShape(inputShape: [8, 4, 5, 3], biasDims: [-1]) == [3])
        #expect(try Bias.biasShape(inputShape: [8, 4, 5, 3], biasDims: [1]) == [4, 1, 1])
        #expect(try Bias.biasShape(inputShape: [8, 4, 5, 3], biasDims: [2, 3]) == [5, 3])
        // Python's `%`: -5 % 4 == 3.
        #expect(try Bias.biasShape(inputShape: [8, 4, 5, 3], biasDims: [-5]) == [3])
    }

    @Test func errors() {
        #expect(throws: HaikuError.invalidArgument("Bias cannot be applied across the batch axis", location: nil)) {
            try Bias.biasShape(inputShape: [8, 4], biasDims: [0])
        }
        #expect(throws: HaikuError.invalidArgument("bias axis 2 (biasDims: [2]) is out of range for inputs of rank 2", location: nil)) {
            try Bias.biasShape(inputShape: [8, 4], biasDims: [2])
        }
    }
}

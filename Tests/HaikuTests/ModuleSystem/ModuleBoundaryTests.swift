import Haiku
import Testing

/// A module's `parameter`, `getState` and `setState` name values after the
/// module, in its initializer too as Haiku's `__init__`
/// (`Fixtures/params_printing.json`, "init_parameter_order", from
/// `Scripts/fixtures/params_printing.py`); a method that forgot its
/// boundary is a `HaikuError` naming the module, also when it made no value
/// itself but a child of its initializer ran; `UnaryModule` supplies the
/// boundary.
@Suite struct ModuleBoundaryTests {
    /// Makes "w" in its initializer, after `super.init`.
    final class WithInitParameter: Module {
        private(set) var w = Tensor(Float(0))
        override init(name: ModuleName = nil) {
            super.init(name: name)
            w = parameter("w", shape: [2], init: Constant(0))
        }
        func callAsFunction(_ x: Tensor) -> Tensor { method(x) { x in x + w } }
    }

    /// Counts its calls in state and adds "w"; `UnaryModule` runs `forward`
    /// through the boundary.
    final class Child: Module, UnaryModule, UnaryLayer {
        func forward(_ x: Tensor) -> Tensor {
            let count = getState("calls", shape: [], dtype: .int32, init: Constant(0))
            setState("calls", count + 1)
            return x + parameter("w", shape: [2], init: Constant(1))
        }
    }

    /// Child's work without `method { }` around it.
    final class ForgetfulChild: Module {
        func callAsFunction(_ x: Tensor) -> Tensor {
            x + parameter("w", shape: [2], init: Constant(1))
        }
    }

    /// Makes a submodule in `callAsFunction` without `method { }`: the
    /// submodule's parameters are made inside its own boundary, so only the
    /// parent's own values could be checked (see `aComposite...`).
    final class Parent: Module, UnaryModule {
        func forward(_ x: Tensor) -> Tensor { Child()(WithInitParameter()(x)) }
    }

    /// Calls the child its initializer made without `method { }`.
    final class ForgetfulHolder: Module {
        let child: Child
        override init(name: ModuleName = nil) {
            child = Child()
            super.init(name: name)
        }
        func callAsFunction(_ x: Tensor) -> Tensor { child(x) }
    }

    /// Makes two children in its initializer and calls one of them.
    final class HolderOfTwo: Module, UnaryModule {
        let unused: Child
        let used: Child
        override init(name: ModuleName = nil) {
            unused = Child()
            used = Child()
            super.init(name: name)
        }
        func forward(_ x: Tensor) -> Tensor { used(x) }
    }

    /// Whether `error` reports `module` (of class `className`) for running
    /// `submodule` outside its boundary.
    static func isOutsideBoundary(_ error: any Error, _ module: String, _ className: String, _ submodule: String) -> Bool {
        guard let error = error as? HaikuError,
              case let .submoduleOutsideMethodBoundary(reported, reportedClass, reportedSubmodule) = error else { return false }
        return reported == module && reportedClass == className && reportedSubmodule == submodule
            && error.description.contains("method(arguments) { ... }")
    }

    @Test func aChildCalledByAMethodWithoutItsBoundaryIsAnError() {
        let f = transformWithState { (x: Tensor) in ForgetfulHolder()(x) }
        #expect {
            _ = try f.initialize(rng: nil, Tensor.ones([2]))
        } throws: { error in
            Self.isOutsideBoundary(error, "forgetful_holder", "ForgetfulHolder", "forgetful_holder/~/child")
        }
    }

    @Test func childrenOfAnInitializerMayGoUnused() throws {
        let f = transformWithState { (x: Tensor) in HolderOfTwo()(x) }
        let (params, _) = try f.initialize(rng: nil, Tensor.ones([2]))
        #expect(params.keys == ["holder_of_two/~/child_1"])
    }

    @Test func valuesAreNamedAfterTheirModuleAsHaiku() throws {
        let fixture = try ParamsPrintingTests.fixture.get()
        let f = transformWithState { (x: Tensor) in Parent()(x) }
        let (params, state) = try f.initialize(rng: nil, Tensor.ones([2]))
        #expect(DataStructures.traverse(params).map { "\($0.module)/\($0.name)" }.sorted() == fixture.init_parameter_order.sorted())
        #expect(state.keys == ["parent/child"])
        let (output, after) = try f.apply(params, state, Tensor.ones([2]))
        #expect(try output.scalars(as: Float.self) == [2, 2])
        #expect(try after["parent/child"]?["calls"]?.item(as: Int32.self) == 1)
    }

    @Test func aForgottenBoundaryIsAnErrorNamingTheModule() throws {
        let f = transform { (x: Tensor) in ForgetfulChild(name: "forgetful")(x) }
        do {
            _ = try f.initialize(rng: nil, Tensor.ones([2]))
            Issue.record("initialize accepted a parameter made outside the method boundary")
        } catch let error as HaikuError {
            guard case let .missingMethodBoundary(module, method, value, location) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(module == "forgetful")
            #expect(method == "callAsFunction(_:)")
            #expect(value == "w")
            #expect(location?.hasPrefix("HaikuTests/ModuleBoundaryTests.swift:") == true)
            #expect(error.description.contains("method(arguments) { ... }"))
        }
    }

    @Test func callingForwardDirectlySkipsTheBoundaryAndIsAnError() {
        let f = transformWithState { (x: Tensor) in Child().forward(x) }
        #expect {
            _ = try f.initialize(rng: nil, Tensor.ones([2]))
        } throws: { error in
            guard case let .missingMethodBoundary(module, method, value, _)? = error as? HaikuError else { return false }
            return module == "child" && method == "forward(_:)" && value == "calls"
        }
    }

    @Test func aUnaryModuleIsInterceptedAsHaikusCall() throws {
        var seen: [String] = []
        let f = transformWithState { (x: Tensor) in
            interceptMethods({ next, arguments, context in
                seen.append("\(context.module.moduleName).\(context.methodName) \(context.isMethod("callAsFunction"))")
                return next(arguments)
            }) { Sequential([Child()])(x) }
        }
        _ = try f.initialize(rng: nil, Tensor.ones([2]))
        #expect(seen.contains("child.__call__ true"))
    }
}

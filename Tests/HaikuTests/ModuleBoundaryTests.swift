import Haiku
import Testing

/// A module's `parameter`, `getState` and `setState` name values after the
/// module even where its method forgot `method { }`, and in its initializer
/// as Haiku's `__init__` (`Fixtures/params_printing.json`,
/// "init_parameter_order", from `Scripts/fixtures/params_printing.py`).
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

    /// Forgot `method { }` around its body.
    final class Child: Module {
        func callAsFunction(_ x: Tensor) -> Tensor {
            let count = getState("calls", shape: [], dtype: .int32, init: Constant(0))
            setState("calls", count + 1)
            return x + parameter("w", shape: [2], init: Constant(1))
        }
    }

    final class Parent: Module {
        func callAsFunction(_ x: Tensor) -> Tensor { method(x) { x in Child()(WithInitParameter()(x)) } }
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

    @Test func aForgottenBoundaryOutsideModulesStillNamesTheModule() throws {
        let f = transformWithState { (x: Tensor) in Child()(x) }
        let (params, state) = try f.initialize(rng: nil, Tensor.ones([2]))
        #expect(params.keys == ["child"])
        #expect(state.keys == ["child"])
    }
}

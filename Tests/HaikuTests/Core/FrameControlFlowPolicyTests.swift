import Haiku
import Testing

/// Haiku's control-flow policy (`Frame+ControlFlow.swift`): while
/// initializing, loops run a step in place so parameters exist before the
/// loop; when applying, loops are `lax`'s.
@Suite struct FrameControlFlowPolicyTests {
    /// `x + b` with a parameter `b` of ones.
    final class AddsBias: Module {
        func callAsFunction(_ x: Tensor) -> Tensor {
            method(x) { x in x + parameter("b", shape: [], dtype: x.dtype, init: Constant.ones) }
        }
    }

    @Test func whileLoopRunsItsBodyOnlyWhileInitializing() throws {
        let f = transform { (x: Tensor) -> Tensor in
            let module = AddsBias()
            return whileLoop(x, condition: { $0 .< Tensor(Float(0)) }, body: { module($0) })
        }
        let x = Tensor(Float(5))
        let params = try f.initialize(rng: nil, x)
        #expect(params["adds_bias"]?["b"] != nil)
        #expect(try f.apply(params, x).item(as: Float.self) == 5)
    }

    /// An empty range at the top of `int32` while initializing: the first
    /// step runs (creating the parameter) and the loop after it is empty
    /// (the start past it used to overflow and trap).
    @Test func forLoopOverAnEmptyRangeAtTheEndOfInt32() throws {
        let top = Int(Int32.max)
        let f = transform { (x: Tensor) -> Tensor in
            let module = AddsBias()
            return forLoop(top, top, x) { _, x in module(x) }
        }
        let x = Tensor(Float(5))
        let params = try f.initialize(rng: nil, x)
        #expect(params["adds_bias"]?["b"] != nil)
        #expect(try f.apply(params, x).item(as: Float.self) == 5)
    }
}

import Haiku
import Testing

/// `debugPrint` inside a Haiku `transform` prints when `initialize` and
/// `apply` run, as `jax.debug.print` does inside `hk.transform`.
@Suite struct DebugPrintInTransformTests {
    @Test func printsDuringInitializeAndApplyIncludingUnderJit() throws {
        let model = transform { (x: Tensor) -> Tensor in
            let y = Linear(2, wInit: .constant(1.0))(x)
            debugPrint("y={}", y)
            return y
        }
        let x = Tensor([[1.0, 2, 3]])
        let lines = try DebugPrintOutput.capture {
            let params = try model.initialize(rng: PRNGKey(0), x)
            _ = try model.apply(params, x).scalars(as: Float.self)
            let step = jit { (params: Params, x: Tensor) throws -> Tensor in try model.apply(params, x) }
            _ = try step(params, x).scalars(as: Float.self)
        }
        #expect(lines == ["y=[[6. 6.]]", "y=[[6. 6.]]", "y=[[6. 6.]]"])
    }
}

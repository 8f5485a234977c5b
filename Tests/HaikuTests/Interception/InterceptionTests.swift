import Haiku
import Testing

/// Custom creators, getters and method interceptors against real Haiku
/// (fixture group "interception").
@Suite struct InterceptionTests {
    static let fixture = HaikuFixtures.core["interception"]

    @Test func customCreatorReplacesTheInitializer() throws {
        let c = Self.fixture["custom_creator_zeros"]
        let f = transform { () -> Tensor in
            customCreator({ next, shape, dtype, _, _ in next(shape, dtype, .zeros) }) {
                parameter("w", shape: [], init: .ones)
            }
        }
        let params = try f.initialize(rng: PRNGKey(0))
        c["params"].expectBundles(params, "params")
        // The creator runs only in initialize.
        c["w"].expectTensor(try f.apply(params, rng: nil), "w")
    }

    @Test func customGetterCastsToBFloat16() throws {
        let c = Self.fixture["custom_getter_bfloat16"]
        let f = transform { () -> Tensor in
            customGetter({ next, value, _ in next(value.converted(to: .bfloat16)) }) {
                parameter("w", shape: [2], dtype: .float32, init: .ones)
            }
        }
        let params = try f.initialize(rng: PRNGKey(0))
        // Stored as float32...
        c["params"].expectBundles(params, "params")
        // ...read as bfloat16.
        let w = try f.apply(params, rng: nil)
        #expect(w.dtype.name == c["w_dtype"].string)
        c["w"].expectTensor(w, "w")
    }

    /// Collects the interceptors' log lines.
    final class Log: @unchecked Sendable {
        var lines: [String] = []
    }

    func interceptorLog(shortCircuit: Bool) throws -> [String] {
        let log = Log()
        func make(_ label: String) -> MethodInterceptor {
            { next, arguments, context in
                log.lines.append("\(label) enter \(context.module.name) \(context.methodName)")
                let output = shortCircuit && label == "A" ? context.originalMethod(arguments) : next(arguments)
                log.lines.append("\(label) exit \(context.module.name) \(context.methodName)")
                return output
            }
        }
        let f = transform { (x: Tensor) -> Tensor in
            let module = Linear(1, name: "method_context_example")
            return interceptMethods(make("A")) {
                interceptMethods(make("B")) { module(x) }
            }
        }
        _ = try f.initialize(rng: PRNGKey(0), Tensor.ones([1, 1]))
        return log.lines
    }

    @Test func interceptorsRunInRegistrationOrder() throws {
        #expect(try interceptorLog(shortCircuit: false) == Self.fixture["interceptors"]["log"].strings)
    }

    @Test func originalMethodSkipsTheRemainingInterceptors() throws {
        #expect(try interceptorLog(shortCircuit: true) == Self.fixture["interceptors"]["log_short_circuit"].strings)
    }
}

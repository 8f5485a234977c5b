import Haiku
import Testing

/// Method interceptors see Swift's and Haiku's method names and typed
/// arguments; `evalSummary`'s `ModuleDetails` print their parameters and
/// state as Haiku's (`Fixtures/params_printing.json`, "summary_details",
/// from `Scripts/fixtures/params_printing.py`).
@Suite struct TypedInterceptorTests {
    final class Encoder: Module {
        func encode(_ x: Tensor, scale: Float) -> Tensor { method(x, scale) { x, scale in x * scale } }
        func callAsFunction(_ x: Tensor) -> Tensor { method(x) { x in encode(x, scale: 3) } }
    }

    @Test func methodNamesMatchInSwiftAndHaikuSpelling() throws {
        var seen: [String] = []
        let f = transform { (x: Tensor) -> Tensor in
            interceptMethods({ next, arguments, context in
                seen.append("\(context.swiftMethodName)/\(context.methodName)")
                #expect(context.isMethod("callAsFunction") == context.isMethod("__call__"))
                #expect(context.isMethod("encode") == context.isMethod("encode(_:scale:)"))
                #expect(!context.isMethod("decode"))
                return next(arguments)
            }) { Encoder()(x) }
        }
        _ = try f.apply([:], Tensor.ones([2]))
        #expect(seen == ["callAsFunction/__call__", "encode/encode"])
    }

    @Test func argumentsAreTypedAndMapEasily() throws {
        let f = transform { (x: Tensor) -> Tensor in
            interceptMethods({ next, arguments, context in
                guard context.isMethod("encode") else { return next(arguments) }
                #expect(arguments[0] is Tensor && arguments[1] is Float)
                #expect(tensors(in: arguments).map(\.shape) == [[2]])
                // Doubles the tensor, leaves the Float alone, and doubles the result.
                return mapTensors(in: next(mapTensors(in: arguments) { $0 * 2 })) { $0 * 2 }
            }) { Encoder()(x) }
        }
        #expect(try f.apply([:], Tensor([Float(1), 2])).scalars(as: Float.self) == [12, 24])
        #expect(mapTensors(in: "unchanged") { $0 * 2 } as? String == "unchanged")
        let tree: [Any] = [[Tensor(Float(1))], 5]
        let mapped: [Any] = mapTensors(in: tree) { $0 + 1 }
        #expect(try (mapped[0] as? [Tensor])?.first?.item(as: Float.self) == 2)
        #expect(mapped[1] as? Int == 5)
    }

    @Test func moduleDetailsPrintParamsAndStateAsHaiku() throws {
        struct Details: Decodable { let module, method_name, params, state: String }
        struct Fixture: Decodable { let summary_details: [Details] }
        let fixture = try loadFixture("params_printing", as: Fixture.self)
        let calls = try evalSummary(ParamsPrintingTests.model, Tensor.ones([1, 2]))
        #expect(calls.map(\.module.moduleName) == fixture.summary_details.map(\.module))
        for (call, expected) in zip(calls, fixture.summary_details) {
            #expect(call.moduleDetails.methodName == expected.method_name)
            #expect("\(call.moduleDetails.params)" == expected.params, "\(expected.module)")
            #expect("\(call.moduleDetails.state)" == expected.state, "\(expected.module)")
        }
        #expect("\(calls[2].moduleDetails)" == """
            ModuleDetails(module: Linear(outputSize: 3, name: "linear_0"), methodName: "__call__", \
            params: {'mlp/~/linear_0/b': f32[3], 'mlp/~/linear_0/w': f32[2,3]}, state: {})
            """)
        #expect("\(calls[2])".hasPrefix("MethodInvocation(moduleDetails: ModuleDetails(module: Linear("))
        // Then Haiku's call_stack: this call's details, then the MLP's.
        #expect("\(calls[2])".contains(#"arguments: [f32[1,2]], output: [f32[1,3]], callStack: [ModuleDetails(module: Linear(outputSize: 3, name: "linear_0")"#))
        #expect("\(calls[2])".hasSuffix(#"ModuleDetails(module: MLP(outputSizes: [3, 2]), methodName: "__call__", params: {'mlp/~/linear_0/b': f32[3], 'mlp/~/linear_0/w': f32[2,3], 'mlp/~/linear_1/b': f32[2], 'mlp/~/linear_1/w': f32[3,2]}, state: {})])"#))
    }
}

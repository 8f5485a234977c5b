@testable import Haiku
import Testing

/// Mixed precision at the method boundary against dm-haiku 0.0.17 with jmp
/// 0.0.4 (fixture group "cases" of `Fixtures/mixed_precision.json`, written
/// by `Scripts/fixtures/mixed_precision.py`): for an MLP, ResNet18 (with
/// and without BatchNorm kept in float32), the spec's ResNet50 with
/// float32 parameters and bfloat16 compute, and one step of an LSTM (whose
/// result, a tuple of the output and the state, is cast leaf by leaf), the dtypes of every parameter
/// and state value, of every module method's inputs and outputs as a method
/// interceptor sees them, the policy in force in each, and the output.
@Suite struct MixedPrecisionModuleTests {
    static let cases = fixtureFile("mixed_precision")["cases"].array

    /// One module method call as a method interceptor sees it.
    struct Call: Equatable, CustomStringConvertible {
        var module: String
        var method: String
        var inputs: [String]
        var outputs: [String] = []
        var policy: String?

        var description: String { "\(module).\(method) \(inputs) -> \(outputs) under \(policy ?? "none")" }
    }

    /// The calls of one run, in call order.
    final class CallLog {
        var calls: [Call] = []
    }

    @Test(arguments: cases.indices) func matchesHaiku(_ index: Int) throws {
        let expected = Self.cases[index]
        let name = expected["name"].string
        try PolicyTable.isolated {
            for (className, string) in zip(expected["policies"].keys, expected["policies"].keys.map { expected["policies"][$0].string }) {
                guard let module = Self.moduleClasses[className] else {
                    Issue.record("\(name): no Swift class for \(className)")
                    return
                }
                setPolicy(for: module, try Policy(string))
            }
            let log = CallLog()
            let network = Self.network(expected["network"].string)
            let f = transformWithState { (x: Tensor) -> Tensor in
                interceptMethods({ next, arguments, context in
                    let index = log.calls.count
                    log.calls.append(Call(module: context.module.moduleName, method: context.methodName,
                                          inputs: tensors(in: arguments).map(\.dtype.name),
                                          policy: currentPolicy()?.description))
                    let result = next(arguments)
                    log.calls[index].outputs = tensors(in: [result]).map(\.dtype.name)
                    return result
                }) { network(x) }
            }
            let x = expected["x"].tensor
            let (params, state) = try f.initialize(rng: PRNGKey(42), x)
            #expect(Self.dtypeNames(params) == Self.dtypeNames(expected["params"]), "\(name): parameter dtypes")
            #expect(Self.dtypeNames(state) == Self.dtypeNames(expected["state"]), "\(name): state dtypes")
            log.calls = []
            let (output, _) = try f.apply(params, state, x)
            #expect(output.dtype.name == expected["output_dtype"].string, "\(name): output dtype")
            let reference = expected["output"].fixtureTensor
            if reference.values.contains(where: \.isNaN) {
                // ResNet18 with BatchNorm in bfloat16: Haiku's logits are NaN too.
                let values = try output.converted(to: .float32).scalars(as: Float.self)
                #expect(values.map(\.isNaN) == reference.values.map(\.isNaN), "\(name): output \(values)")
            } else {
                // bfloat16 keeps 8 significant bits (float16 11): a relative
                // rounding of 2⁻⁸ per operation, a few operations deep.
                NetsFixtures.expectClose(output.converted(to: .float32), expected["output"], "\(name): output",
                                         rtol: 2e-2, atol: 2e-2)
            }
            let expectedCalls = expected["calls"].array.map { call in
                Call(module: call["module"].string, method: call["method"].string, inputs: call["inputs"].strings,
                     outputs: call["outputs"].strings, policy: Self.optionalString(call["policy"]))
            }
            #expect(log.calls.count == expectedCalls.count, "\(name): \(log.calls.count) calls, Haiku \(expectedCalls.count)")
            for (call, reference) in zip(log.calls, expectedCalls) where call != reference {
                Issue.record("\(name): \(call), Haiku \(reference)")
                break
            }
        }
    }

    /// The method boundary runs the mixed-precision interceptor only while
    /// some policy is set, so programs without policies pay nothing.
    @Test func interceptorOnlyWhilePoliciesAreSet() throws {
        try PolicyTable.isolated {
            #expect(mixedPrecisionInterceptors.isEmpty)
            setPolicy(for: Linear.self, try Policy("bf16"))
            #expect(mixedPrecisionInterceptors.count == 1)
            clearPolicy(for: Linear.self)
            #expect(mixedPrecisionInterceptors.isEmpty)
        }
    }

    /// A string, or nil for JSON's null.
    static func optionalString(_ value: FixtureValue) -> String? {
        if case .null = value { return nil }
        return value.string
    }

    /// The Swift classes of the fixture's class names.
    static let moduleClasses: [String: Module.Type] = [
        "MLP": MLP.self, "Linear": Linear.self, "ResNet18": ResNet18.self, "ResNet50": ResNet50.self,
        "BatchNorm": BatchNorm.self, "Conv2D": Conv2D.self, "LSTM": LSTM.self,
    ]

    /// The network a case names, as the script builds it.
    static func network(_ name: String) -> (Tensor) -> Tensor {
        switch name {
        case "mlp": { MLP([3, 2])($0) }
        case "resnet18": { ResNet18(4)($0, isTraining: true) }
        case "resnet50": { ResNet50(4)($0, isTraining: true) }
        case "lstm": { x in
            // One step from a zero state made outside the core; its tuple result's leaves, concatenated.
            let zeros = Tensor.zeros([x.shape[0], 3])
            let (output, state) = LSTM(3)(x, LSTMState(hidden: zeros, cell: zeros))
            return concatenate([output, state.hidden, state.cell], axis: -1)
        }
        default: { _ in
            Issue.record("mixed_precision.json names an unknown network \(name)")
            return Tensor(Float(0))
        }
        }
    }

    /// `module/name` → dtype name of every value of a bundle.
    static func dtypeNames(_ bundles: Params) -> [String: String] {
        var names: [String: String] = [:]
        for (module, values) in bundles {
            for (name, value) in values { names["\(module)/\(name)"] = value.dtype.name }
        }
        return names
    }

    /// The fixture's `{"module/name": dtype}`.
    static func dtypeNames(_ fixture: FixtureValue) -> [String: String] {
        Dictionary(uniqueKeysWithValues: fixture.keys.map { ($0, fixture[$0].string) })
    }
}

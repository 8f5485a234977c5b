@testable import Haiku
import Testing

/// `Policy` parsing against jmp 0.0.4 (fixture group "policies" of
/// `Fixtures/mixed_precision.json`, written by
/// `Scripts/fixtures/mixed_precision.py`), its casts, and the per-class
/// policy table.
@Suite struct PolicyTests {
    static let policies = fixtureFile("mixed_precision")["policies"].array

    @Test func parsesAsJmp() throws {
        #expect(Self.policies.count == 20)
        for expected in Self.policies {
            let string = expected["string"].string
            if expected.keys.contains("error") {
                let message = expected["error"].string
                #expect(throws: HaikuError.self, "\(string)") { try Policy(string) }
                do { _ = try Policy(string) } catch {
                    #expect(error.description.contains(message), "\(string): \(error.description) lacks \(message)")
                }
                continue
            }
            let policy = try Policy(string)
            #expect(policy.paramDType.name == expected["param"].string, "\(string)")
            #expect(policy.computeDType.name == expected["compute"].string, "\(string)")
            #expect(policy.outputDType.name == expected["output"].string, "\(string)")
            #expect(policy.description == expected["description"].string, "\(string)")
        }
    }

    @Test func castsOnlyFloatingPointTensors() {
        let policy = Policy(param: .float32, compute: .bfloat16, output: .float16)
        let tree = [Tensor([1.5, 2.5] as [Float]), Tensor([1, 2] as [Int32]), Tensor([true])]
        #expect(policy.castToCompute(tree).map(\.dtype) == [.bfloat16, .int32, .bool])
        #expect(policy.castToOutput(tree).map(\.dtype) == [.float16, .int32, .bool])
        #expect(policy.castToParam(policy.castToOutput(tree)).map(\.dtype) == [.float32, .int32, .bool])
        #expect(policy.withOutputDType(.float32) == Policy(param: .float32, compute: .bfloat16, output: .float32))
    }

    @Test func setsGetsAndClearsPerClass() throws {
        try PolicyTable.isolated {
            let policy = try Policy("p=f32,c=bf16,o=f32")
            #expect(getPolicy(for: Linear.self) == nil)
            setPolicy(for: Linear.self, policy)
            #expect(getPolicy(for: Linear.self) == policy)
            // The exact class: a subclass or superclass has its own.
            setPolicy(for: ResNet50.self, policy)
            #expect(getPolicy(for: ResNet.self) == nil)
            #expect(currentPolicy() == nil)
            let inner = try Policy("f16")
            let seen = try pushPolicy(for: Linear.self, inner) { getPolicy(for: Linear.self) }
            #expect(seen == inner)
            #expect(getPolicy(for: Linear.self) == policy)
            clearPolicy(for: Linear.self)
            #expect(getPolicy(for: Linear.self) == nil)
            _ = try pushPolicy(for: Linear.self, inner) {}
            #expect(getPolicy(for: Linear.self) == nil)
        }
    }

    /// Haiku refuses to push a policy for a class inside one of its own
    /// methods; so does `pushPolicy`, with a typed error.
    @Test func pushInsideTheSameClassIsAnError() throws {
        try PolicyTable.isolated {
            let policy = try Policy("bf16")
            var failure: HaikuError?
            let f = transform { (x: Tensor) -> Tensor in
                MyLinear1(outputSize: 2).probe(x) {
                    do { _ = try pushPolicy(for: MyLinear1.self, policy) {} } catch { failure = error as? HaikuError }
                }
            }
            _ = try f.initialize(rng: PRNGKey(0), Tensor([[1, 2]] as [[Float]]))
            #expect(failure?.description.contains("Pushing a policy inside a method on the same class is not supported.") == true)
            #expect(getPolicy(for: MyLinear1.self) == nil)
        }
    }
}

extension MyLinear1 {
    /// Runs `body` inside a method of this module, then the module itself.
    func probe(_ x: Tensor, _ body: () -> Void) -> Tensor {
        method(x) { x in
            body()
            return self(x)
        }
    }
}

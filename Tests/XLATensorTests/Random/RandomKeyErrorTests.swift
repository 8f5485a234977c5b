import Testing
@testable import XLATensor

/// Keys that cannot be used by `jax.random`-style functions (issue 17,
/// item 3): `PRNGKey(data:)` rejects data that is not `uint32[..., 2]`
/// naming the problem (JAX: "invalid PRNG key data"), every sampler and
/// key function given a batch of keys is a ``TensorError`` naming itself
/// (JAX: "uniform accepts a single key"), and a poisoned key's error is
/// reported unchanged at every use. Nothing traps.
@Suite struct RandomKeyErrorTests {
    /// Every public function taking one key, by name, drawing from `key`.
    static let functions: [(name: String, draw: @Sendable (PRNGKey) -> Tensor)] = [
        ("uniform", { uniform($0, [2]) }),
        ("normal", { normal($0, [2]) }),
        ("truncatedNormal", { truncatedNormal($0, Tensor(-1.0), Tensor(1.0), [2]) }),
        ("exponential", { exponential($0, [2]) }),
        ("laplace", { laplace($0, [2]) }),
        ("logistic", { logistic($0, [2]) }),
        ("gumbel", { gumbel($0, [2]) }),
        ("bernoulli", { bernoulli($0, shape: [2]) }),
        ("randint", { randint($0, [2], minval: 0, maxval: 5) }),
        ("categorical", { categorical($0, Tensor([0.0, 1.0])) }),
        ("permutation", { permutation($0, 4) }),
        ("permutation", { permutation($0, Tensor([1.0, 2, 3])) }),
        ("choice", { choice($0, 4, shape: [2]) }),
        ("choice", { choice($0, Tensor([1.0, 2, 3]), shape: [2]) }),
        ("randomBits", { randomBits($0, shape: [2]) }),
        ("split", { split($0, 2)[1].data }),
        ("split", { split($0, shape: [2]).data }),
        ("foldIn", { foldIn($0, 3).data }),
        ("foldIn", { foldIn($0, Tensor(Int32(3))).data }),
    ]

    /// The error reading `tensor` throws.
    func readError(_ tensor: Tensor, sourceLocation: SourceLocation = #_sourceLocation) -> TensorError? {
        #expect(throws: TensorError.self, sourceLocation: sourceLocation) { try tensor.blockUntilReady() }
    }

    @Test(arguments: [
        (TensorType(.float32, [2]), "must be uint32, got float32"),
        (TensorType(.int32, [2]), "must be uint32, got int32"),
        (TensorType(.uint8, [2]), "must be uint32, got uint8"),
        (TensorType(.uint32, [3]), "must end with 2 (a key is uint32[2]), got [3]"),
        (TensorType(.uint32, []), "at least one dimension"),
    ])
    func keyDataOfAnotherTypeIsRejectedNamingIt(_ type: TensorType, _ reason: String) {
        let key = PRNGKey(data: Tensor.zeros(type.shape, dtype: type.elementType)); let line = #line
        let error = readError(key.data)
        #expect(error?.description.contains("PRNGKey") == true)
        #expect(error?.description.contains(reason) == true, "\(String(describing: error))")
        #expect(error?.description.contains("RandomKeyErrorTests.swift:\(line)") == true)
        // Every function reports that error unchanged: the cause, where the user made the key.
        for (name, draw) in Self.functions {
            #expect(readError(draw(key)) == error, "\(name)")
        }
    }

    @Test func aBatchOfKeysIsAnErrorNamingTheFunction() {
        for keys in [split(PRNGKey(0), shape: [3]), PRNGKey(data: Tensor.zeros([2, 2], dtype: .uint32))] {
            for (name, draw) in Self.functions {
                let error = readError(draw(keys))
                #expect(error?.description.contains("\(name) takes a single key") == true, "\(String(describing: error))")
                #expect(error?.description.contains("RandomKeyErrorTests.swift") == true, "\(name)")
            }
        }
    }

    @Test func aKeyFromAFailedOperationReportsThatOperation() {
        let broken = Tensor([1, 2] as [UInt32]) + Tensor([1, 2, 3] as [UInt32])
        let cause = readError(broken)
        #expect(cause != nil)
        let key = PRNGKey(data: broken)
        for (name, draw) in Self.functions {
            #expect(readError(draw(key)) == cause, "\(name)")
        }
    }

    @Test func badKeysInsideJitAreTheSameErrors() {
        let f = jit { (x: Tensor) -> Tensor in uniform(split(PRNGKey(0), shape: [3]), [2]) + x }
        let error = #expect(throws: TensorError.self) { _ = try f(Tensor([1.0, 2])) }
        #expect(error?.description.contains("uniform takes a single key") == true, "\(String(describing: error))")
    }

    /// An `Int` outside `0...UInt32.max` folded into a key is an error, as
    /// JAX raises `OverflowError` for such a Python `int`; before, it was
    /// wrapped to 32 bits.
    @Test func foldInOfAnIntOutsideUInt32IsAnError() throws {
        for data in [-1, Int(UInt32.max) + 1, Int.max] {
            let error = readError(foldIn(PRNGKey(0), data).data)
            #expect(error?.description.contains("out of bounds for uint32") == true)
        }
        #expect(try foldIn(PRNGKey(0), Int(UInt32.max)).data.scalars(as: UInt32.self) == [743_310_391, 3_789_761_811])
    }
}

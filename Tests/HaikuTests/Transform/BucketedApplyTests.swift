import Haiku
import Synchronization
import Testing

/// A Haiku model under `jit(bucketing:)`: self-attention whose keys are
/// masked to the real positions (``Bucket/mask(_:axis:)``) gives, for every
/// sequence length, the unpadded call's outputs and masked mean, compiling
/// once per power of two.
@Suite struct BucketedApplyTests {
    /// Self-attention over `[B, T, 4]` that attends to real positions only.
    let model = transform { (x: Tensor) -> Tensor in
        let realKeys = Bucket.mask(Tensor.zeros([1, 1, 1, x.shape[1]]), axis: 3)
        return MultiHeadAttention(numHeads: 2, keySize: 3, wInitScale: 1)(x, x, x, mask: realKeys)
    }

    /// The outputs, and the mean over real positions of each output's squared norm.
    func forward(_ params: Params, _ x: Tensor) throws -> (Tensor, Tensor) {
        let y = try model.apply(params, x)
        return (y, Bucket.mean((y * y).sum(axes: [2]), axis: 1))
    }

    /// `[2, n, 4]` inputs whose first positions are the same for every `n`.
    static func input(length n: Int) -> Tensor {
        var values: [Float] = []
        for b in 0..<2 {
            for i in 0..<n * 4 { values.append(Float((b * 40 + i) * 29 % 23) / 7 - 1.5) }
        }
        return Tensor(values, shape: [2, n, 4])
    }

    @Test func maskedAttentionEqualsTheUnpaddedCallForEveryLength() throws {
        let params = try model.initialize(rng: PRNGKey(7), Self.input(length: 1))
        let bucketed = jit(bucketing: .powersOfTwo(axis: 1, arguments: [1]), forward)
        let function = "HaikuTests/BucketedApplyTests.swift:\(#line - 1)"
        let plain = jit(forward)
        let compiles = Mutex(0)
        let results = try CompileReports.observe({ report in
            if report.function == function { compiles.withLock { $0 += 1 } }
        }) {
            try (1...9).map { n -> (Tensor, Tensor) in try bucketed(params, Self.input(length: n)) }
        }
        for (n, (outputs, meanSquare)) in zip(1...9, results) {
            let (expectedOutputs, expectedMean) = try plain(params, Self.input(length: n))
            #expect(outputs.shape == [2, n, 6], "modelSize: keySize × numHeads")
            // The softmax sums the same real terms plus exact zeros for the
            // masked keys, and the contractions may sum in another order: a
            // few roundings of float32 at most.
            for (actual, expected) in [(outputs, expectedOutputs), (meanSquare, expectedMean)] {
                for (a, e) in zip(try actual.scalars(as: Float.self), try expected.scalars(as: Float.self)) {
                    #expect(abs(a - e) <= 1e-5 * max(1, abs(e)), "length \(n): \(a) vs \(e)")
                }
            }
        }
        #expect(compiles.withLock { $0 } == 5, "buckets 1, 2, 4, 8 and 16")
    }
}

import Synchronization
import Testing
import XLATensor

/// `jit(bucketing:)`: every length in a range gives what the unpadded
/// function gives, and the function compiles once per bucket, not once per
/// length (counted with ``CompileReports``).
@Suite struct BucketingTests {
    /// What `body` returns, and how many compiles of the `jit` made at
    /// `line` of this file it made.
    private func compiles<T>(ofJITAt line: Int, _ body: () throws -> T) throws -> (T, Int) {
        let count = Mutex(0)
        let function = "XLATensorTests/BucketingTests.swift:\(line)"
        let result = try CompileReports.observe({ report in
            if report.function == function { count.withLock { $0 += 1 } }
        }, during: body)
        return (result, count.withLock { $0 })
    }

    /// `count` distinct floats that are not round numbers.
    private func values(_ count: Int, offset: Int = 0) -> [Float] {
        (0..<count).map { Float(($0 + offset) * 37 % 101) / 17 - 2.5 }
    }

    @Test func elementwiseResultsAreExactAndCompileOncePerPowerOfTwo() throws {
        let body = { (x: Tensor) in relu(x * 2 - 1) * 0.5 }
        let bucketed = jit(bucketing: .powersOfTwo(axis: 0), body)
        let line = #line - 1
        let plain = jit(body)
        let (results, count) = try compiles(ofJITAt: line) {
            try (1...9).map { try bucketed(Tensor(values($0 * 3), shape: [$0, 3])) }
        }
        for (n, result) in zip(1...9, results) {
            let expected = try plain(Tensor(values(n * 3), shape: [n, 3]))
            #expect(result.shape == [n, 3])
            // Each element is computed alone from the same operands: bit for bit.
            #expect(try result.scalars(as: Float.self) == expected.scalars(as: Float.self), "length \(n)")
        }
        #expect(count == 5, "buckets 1, 2, 4, 8 and 16")
        #expect(bucketed.compiledCount == 5)
    }

    @Test func matmulRowsEqualTheUnpaddedCall() throws {
        let body = { (w: Tensor, x: Tensor) in matmul(x, w) }
        let bucketed = jit(bucketing: .powersOfTwo(axis: 0, arguments: [1], minimum: 4), body)
        let line = #line - 1
        let plain = jit(body)
        let w = Tensor(values(12, offset: 5), shape: [4, 3])
        let (results, count) = try compiles(ofJITAt: line) {
            try (1...9).map { try bucketed(w, Tensor(values($0 * 4), shape: [$0, 4])) }
        }
        for (n, result) in zip(1...9, results) {
            let x = Tensor(values(n * 4), shape: [n, 4])
            #expect(result.shape == [n, 3])
            // Another program may sum the four products in another order.
            try expectClose(result, plain(w, x), tolerance: 4 * Float.ulpOfOne, "length \(n)")
        }
        #expect(count == 3, "buckets 4, 8 and 16")
    }

    /// A captured device tensor becomes a hidden parameter after the true
    /// length: both reach the program in their places.
    @Test func aCapturedTensorFollowsTheTrueLength() throws {
        let w = Tensor(values(6, offset: 3), shape: [3, 2]) * 1   // computed eagerly: a device buffer
        let bucketed = jit(bucketing: .sizes([4], axis: 0)) { (x: Tensor) in
            (matmul(x, w), Bucket.validLength ?? Tensor(Int32(-1)))
        }
        for n in 1...4 {
            let x = Tensor(values(3 * n), shape: [n, 3])
            let (product, length) = try bucketed(x)
            try expectClose(product, matmul(x, w), tolerance: 4 * Float.ulpOfOne, "length \(n)")
            #expect(try length.item(as: Int32.self) == Int32(n))
        }
    }

    @Test func reductionsOverThePaddedAxisLeaveThePaddingOut() throws {
        let bucketed = jit(bucketing: .sizes([4, 8], axis: 1)) { (x: Tensor) in
            (Bucket.sum(x, axis: 1), Bucket.mean(x * x, axis: -1), Bucket.validLength ?? Tensor(Int32(-1)))
        }
        let line = #line - 3
        let (results, count) = try compiles(ofJITAt: line) {
            try (1...8).map { n -> (Tensor, Tensor, Tensor) in try bucketed(Tensor(values(2 * n), shape: [2, n])) }
        }
        for (n, (sum, mean, length)) in zip(1...8, results) {
            let x = Tensor(values(2 * n), shape: [2, n])
            try expectClose(sum, x.sum(axes: [1]), tolerance: Float(n) * Float.ulpOfOne, "sum, length \(n)")
            try expectClose(mean, (x * x).mean(axes: [1]), tolerance: Float(n + 1) * Float.ulpOfOne, "mean, length \(n)")
            #expect(try length.item(as: Int32.self) == Int32(n))
        }
        #expect(count == 2, "buckets 4 and 8")
    }

    @Test func aLengthAboveTheLargestSizeRunsUnpadded() throws {
        let bucketed = jit(bucketing: .sizes([2], axis: 0)) { (x: Tensor) in
            (x + 1, Bucket.mean(x, axis: 0))
        }
        let (plus, mean) = try bucketed(Tensor([Float(1), 2, 3]))
        #expect(try plus.scalars(as: Float.self) == [2, 3, 4])
        #expect(try mean.item(as: Float.self) == 2)
        #expect(bucketed.compiledCount == 1)
    }

    @Test func unslicedResultsKeepTheBucketsLength() throws {
        let bucketed = jit(bucketing: .sizes([4], axis: 0, slicesResults: false)) { (x: Tensor) in x * 3 }
        #expect(try bucketed(Tensor([Float(1), 2])).scalars(as: Float.self) == [3, 6, 0, 0])
    }

    @Test func outsideABucketedTraceTheHelpersArePlainReductions() throws {
        let x = Tensor([[Float(1), 2], [3, 4]])
        #expect(Bucket.validLength == nil)
        #expect(try Bucket.mask(x, axis: 1).scalars(as: Bool.self) == [true, true, true, true])
        #expect(try Bucket.sum(x, axis: 0).scalars(as: Float.self) == [4, 6])
        #expect(try Bucket.mean(x, axis: 1).scalars(as: Float.self) == [1.5, 3.5])
        // Inlined into another jit's trace, a bucketed function is not padded.
        let inner = jit(bucketing: .powersOfTwo(axis: 0)) { (x: Tensor) in Bucket.mean(x, axis: 0) }
        let outer = jit { (x: Tensor) in try inner(x) }
        #expect(try outer(Tensor([Float(1), 2, 6])).item(as: Float.self) == 3)
    }

    @Test func aGradientThroughAMaskedMeanIgnoresThePadding() throws {
        let loss = { (w: Tensor, x: Tensor) in Bucket.mean(matmul(x, w).sum(axes: [1]) * 0.5, axis: 0) }
        let bucketed = jit(bucketing: .sizes([8], axis: 0, arguments: [1])) { (w: Tensor, x: Tensor) in
            grad { (w: Tensor) in loss(w, x) }(w)
        }
        let plain = jit { (w: Tensor, x: Tensor) in grad { (w: Tensor) in loss(w, x) }(w) }
        let w = Tensor(values(6), shape: [3, 2])
        for n in [1, 5, 8] {
            let x = Tensor(values(3 * n, offset: 2), shape: [n, 3])
            try expectClose(bucketed(w, x), plain(w, x), tolerance: Float(n) * Float.ulpOfOne, "length \(n)")
        }
    }

    @Test func mistakesAreTypedErrors() throws {
        let twoArguments = jit(bucketing: .powersOfTwo(axis: 0)) { (x: Tensor, y: Tensor) in x + y }
        #expect(throws: TensorError.self) { try twoArguments(Tensor([Float(1), 2]), Tensor([Float(1), 2, 3])) }
        let error = try #require(throws: TensorError.self) { try twoArguments(Tensor([Float(1)]), Tensor([Float(1), 2])) }
        #expect("\(error)".contains("padded leaf 1 has 2 where the ones before have 1"), "\(error)")
        let scalar = jit(bucketing: .powersOfTwo(axis: 0)) { (x: Tensor) in x }
        let axisError = try #require(throws: TensorError.self) { try scalar(Tensor(Float(1))) }
        #expect("\(axisError)".contains("pads axis 0, but padded leaf 0 has shape []"), "\(axisError)")
        let noSizes = jit(bucketing: .sizes([], axis: 0)) { (x: Tensor) in x }
        let sizesError = try #require(throws: TensorError.self) { try noSizes(Tensor([Float(1)])) }
        #expect("\(sizesError)".contains("jit's bucketing needs at least one size"), "\(sizesError)")
        let zeroMinimum = jit(bucketing: .powersOfTwo(axis: 0, minimum: 0)) { (x: Tensor) in x }
        #expect(throws: TensorError.self) { try zeroMinimum(Tensor([Float(1)])) }
        let nothing = jit(bucketing: .powersOfTwo(axis: 0, arguments: [3])) { (x: Tensor) in x }
        #expect(throws: TensorError.self) { try nothing(Tensor([Float(1)])) }
    }

    /// Expects float32 tensors of one shape to agree within `tolerance`
    /// times the larger magnitude (at least 1) of each pair.
    private func expectClose(_ actual: Tensor, _ expected: Tensor, tolerance: Float, _ what: String,
                             sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(actual.shape == expected.shape, "\(what): \(actual.shape) vs \(expected.shape)", sourceLocation: sourceLocation)
        for (a, e) in zip(try actual.scalars(as: Float.self), try expected.scalars(as: Float.self)) {
            #expect(abs(a - e) <= tolerance * max(1, abs(a), abs(e)), "\(what): \(a) vs \(e)", sourceLocation: sourceLocation)
        }
    }
}

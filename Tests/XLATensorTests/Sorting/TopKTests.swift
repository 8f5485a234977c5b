import Testing
import XLATensor

/// `topK` against JAX 0.11.2's `lax.top_k`, its gradient, vmap and errors.
@Suite struct TopKTests {
    static let fixture = SortingEinsumFixture.shared

    @Test(arguments: fixture.topK.indices)
    func topKMatchesJAX(index: Int) throws {
        let c = Self.fixture.topK[index]
        for (how, outputs) in try eagerAndJIT([try c.input.tensor()], {
            let (values, indices) = topK($0[0], k: c.k, axis: c.axis)
            return [values, indices]
        }) {
            try expectBits(outputs[0], c.values, "values, k \(c.k), axis \(c.axis), \(how)")
            try expectBits(outputs[1], c.indices, "indices, k \(c.k), axis \(c.axis), \(how)")
        }
    }

    @Test func gradientMatchesJAXBitForBit() throws {
        for c in SortingEinsumFixture.gradients("topK") {
            let (k, axis) = (c.parameters["k"]!.int, c.parameters["axis"]!.int)
            let (x, cotangent) = (try c.primals[0].tensor(), try c.cotangents[0].tensor())
            let pullback = { (x: Tensor, cotangent: Tensor) in vjp({ topK($0, k: k, axis: axis).values }, x).pullback(cotangent) }
            try expectBits(pullback(x, cotangent), c.gradients[0], "topK k \(k) axis \(axis)")
            try expectBits(try jit(pullback)(x, cotangent), c.gradients[0], "jit topK k \(k) axis \(axis)")
        }
    }

    @Test func gradientMatchesFiniteDifferences() throws {
        let values: [Float] = [0.3, -1.2, 2.5, 0.9, -0.4, 1.7, 0.1, -2]
        let loss = { (x: Tensor) in (topK(x, k: 3).values * Tensor([Float(1), -2, 3])).sum() }
        let gradient = try grad(loss)(Tensor(values, shape: [2, 4])).scalars(as: Float.self)
        let numeric = try finiteDifferences(loss, at: values, shape: [2, 4])
        #expect(zip(gradient, numeric).allSatisfy { Swift.abs($0 - $1) < 1e-2 }, "\(gradient) vs \(numeric)")
    }

    @Test func vmapEqualsALoop() throws {
        let values: [Float] = [3, 1, 2, 1, -0.0, 0, 5, 5, 2, 7, -1, 0.5]
        let batch = Tensor(values, shape: [3, 4])
        for function in [{ topK($0, k: 2).values }, { topK($0, k: 3).indices }] as [(Tensor) -> Tensor] {
            try #expect(bitPatterns(vmap(function)(batch)) == bitPatterns(loop(function, batch)))
        }
    }

    @Test func documentationExample() throws {
        let (values, indices) = topK(Tensor([9.0, 3, 6, 4, 10]), k: 3)
        #expect(try values.scalars(as: Float.self) == [10, 9, 6])
        #expect(try indices.scalars(as: Int32.self) == [4, 0, 2])
    }

    @Test func badArgumentsAreTypedErrors() {
        let x = Tensor([[1.0, 2, 3], [3, 4, 5]])
        expectError(topK(x, k: 4).values, "k = 4 is not between 0 and 3", "TopKTests.swift")
        expectError(topK(x, k: -1).indices, "k = -1 is not between 0 and 3")
        expectError(topK(x, k: 1, axis: 2).values, "axis 2 is out of range")
        expectError(topK(Tensor(1.0), k: 1).values, "a scalar has no axis")
    }
}

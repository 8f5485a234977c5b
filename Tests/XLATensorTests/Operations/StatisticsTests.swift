import Testing
import XLATensor

/// `mean` and `variance` as `jnp.mean` and `jnp.var` compute them, and
/// `square`'s derivative, against values computed here in Double.
@Suite struct StatisticsTests {
    /// Seven bfloat16 values per row, spread so that their sum needs more
    /// than bfloat16's eight bits.
    static let rows: [[Float]] = (0..<16).map { row in
        (0..<7).map { BFloat16(Float(1 + row) * 0.37 + Float($0) * 0.0913 * Float(row % 3 + 1)).floatValue }
    }

    @Test func halfPrecisionMeanRoundsOnce() throws {
        let x = Tensor(Self.rows.flatMap { $0 }, shape: [16, 7]).converted(to: .bfloat16)
        let mean = try x.mean(axes: [1]).converted(to: .float32).scalars(as: Float.self)
        // JAX: the sum and the division in float32, then one rounding.
        let once = Self.rows.map { BFloat16($0.reduce(0, +) / 7).floatValue }
        // The old way: the sum rounded to bfloat16, then divided in bfloat16.
        let twice = Self.rows.map { BFloat16(BFloat16($0.reduce(0, +)).floatValue / 7).floatValue }
        #expect(mean == once)
        #expect(once != twice, "the rows must tell the two roundings apart")
        #expect(x.mean(axes: [1]).dtype == .bfloat16)
    }

    @Test func varianceIsTheMeanSquaredDeviation() throws {
        let rows = Self.rows
        let x = Tensor(rows.flatMap { $0 }, shape: [16, 7])
        let expected = rows.map { row -> Double in
            let values = row.map(Double.init)
            let mean = values.reduce(0, +) / 7
            return values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 7
        }
        let got = try x.variance(axes: [1]).scalars(as: Float.self)
        for (g, e) in zip(got, expected) { #expect(abs(Double(g) - e) <= 1e-6 * max(e, 1e-3), "\(g) vs \(e)") }
        #expect(x.variance(axes: [1], keepDims: true).shape == [16, 1])
        #expect(x.converted(to: .bfloat16).variance(axes: [1]).dtype == .bfloat16)
        #expect(Tensor([1, 2, 3, 4] as [Int32]).variance().dtype == .float32)
        #expect(try Tensor([1, 2, 3, 4] as [Int32]).variance().scalars(as: Float.self) == [1.25])
    }

    @Test func varianceGradientMatchesFiniteDifferences() throws {
        try Configuration.withX64 {
            let values: [Double] = [0.3, -1.2, 2.5, 0.7, 1.9, -0.4]
            let weights: [Double] = [1, -2, 0.5]
            let x = Tensor(values, shape: [2, 3])
            let loss = { (x: Tensor) in (x.variance(axes: [1]) * Tensor([1.5, -0.5] as [Double])).sum() + (x * Tensor(weights)).sum() }
            let gradient = try grad(loss)(x).scalars(as: Double.self)
            let h = 1e-6
            for index in values.indices {
                var plus = values, minus = values
                plus[index] += h
                minus[index] -= h
                let difference = try (loss(Tensor(plus, shape: [2, 3])).scalars(as: Double.self)[0]
                    - loss(Tensor(minus, shape: [2, 3])).scalars(as: Double.self)[0]) / (2 * h)
                #expect(abs(gradient[index] - difference) <= 1e-8, "element \(index): \(gradient[index]) vs \(difference)")
            }
        }
    }

    /// `square`'s derivative is one term, `c·(2x)`, as `jnp.square`'s: added
    /// to another cotangent `d` of `x` it rounds as `d + c·(2x)`, where
    /// `x * x` gives `(d + c·x) + c·x`. The values make every product exact
    /// (so no fused multiply-add changes them) and the two sums differ:
    /// `1 + 2⁻²⁴` rounds to 1, `1 + 2⁻²³` does not.
    @Test func squareIsXTimesXWithDerivativeTwoX() throws {
        let u = Float(1) / Float(1 << 24)
        let xs: [Float] = [u, 3 * u, 0.5, -u]
        let cs: [Float] = [1, 1, 2, 1]
        let ds: [Float] = [1, 1, 0.25, -1]
        let (x, c, d) = (Tensor(xs), Tensor(cs), Tensor(ds))
        #expect(try square(x).scalars(as: Float.self) == xs.map { $0 * $0 })
        let gradient = { (f: @escaping (Tensor) -> Tensor) throws -> [Float] in
            try grad { (x: Tensor) -> Tensor in (f(x) * c + x * d).sum() }(x).scalars(as: Float.self)
        }
        let oneTerm: [Float] = [1 + 2 * u, 1 + 6 * u, 2.25, -1 - 2 * u]
        #expect(try gradient(square) == oneTerm)
        #expect(try gradient { $0 * $0 } != oneTerm, "x * x must round otherwise, or this test proves nothing")
    }
}

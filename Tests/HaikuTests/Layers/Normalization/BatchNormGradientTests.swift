import Haiku
import Testing

/// `BatchNorm`'s gradients in training (batch statistics, through the mean
/// and `E[x²] - E[x]²`) against float64 central finite differences, with
/// respect to the input, `scale` and `offset`.
@Suite struct BatchNormGradientTests {
    @Test(arguments: [DataFormat.channelsLast, .channelsFirst])
    func gradientsMatchFiniteDifferences(_ dataFormat: DataFormat) throws {
        try Configuration.withX64 {
            let shape = [4, 3, 2]
            let channels = dataFormat == .channelsLast ? 2 : 3
            let xValues: [Double] = (0..<24).map { (i: Int) -> Double in
                let wrapped = Double((i * 7) % 11)
                return wrapped / 4 - 1 + Double(i) / 50
            }
            let cotangentValues: [Double] = (0..<24).map { (i: Int) -> Double in Double((i * 5) % 13) / 6 - 1 }
            let cotangent = Tensor(cotangentValues, shape: shape, dtype: .float64)
            let f = transformWithState { (x: Tensor) in
                BatchNorm(createScale: true, createOffset: true, decayRate: 0.9, scaleInit: Constant(1.5),
                          offsetInit: Constant(0.25), dataFormat: dataFormat)(x, isTraining: true)
            }
            let x = Tensor(xValues, shape: shape, dtype: .float64)
            let (params, state) = try f.initialize(rng: nil, x)
            // Parameters and the input (as the module "input", value "x") as one tree.
            let loss = { (point: Params) -> Tensor in
                var params = point
                let x = params.removeValue(forKey: "input")?["x"] ?? Tensor(Double.nan)
                let output = (try? f.apply(params, state, x).output) ?? Tensor(Double.nan)
                return (output * cotangent).sum()
            }
            var point = params
            point["input"] = ["x": x]
            let gradients = grad(loss)(point)
            let step = 1e-5
            for (module, name) in [("input", "x"), ("batch_norm", "scale"), ("batch_norm", "offset")] {
                let value = try #require(point[module]?[name])
                let values = try value.scalars(as: Double.self)
                let analytic = try #require(try gradients[module]?[name]?.scalars(as: Double.self))
                #expect(analytic.count == values.count)
                #expect(name == "x" || value.shape == (dataFormat == .channelsLast ? [1, 1, channels] : [1, channels, 1]))
                for index in values.indices {
                    let moved = { (delta: Double) throws -> Double in
                        var changed = values
                        changed[index] += delta
                        var p = point
                        p[module]![name] = Tensor(changed, shape: value.shape, dtype: .float64)
                        return try loss(p).item(as: Double.self)
                    }
                    let numeric = (try moved(step) - moved(-step)) / (2 * step)
                    // Central differences of a smooth function: error O(step²) plus rounding ~1e-16 / step.
                    #expect(abs(numeric - analytic[index]) <= 1e-7 * max(1, abs(analytic[index])),
                            "\(dataFormat) d \(name)[\(index)]: \(analytic[index]) vs \(numeric)")
                }
            }
        }
    }
}

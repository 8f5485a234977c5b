import Testing
import XLATensor

/// `reduceWindow` against JAX 0.11.2, bit for bit: values, and the VJPs
/// of `sum`, `max` and `min` (max-pool gradients included).
@Suite struct WindowsTests {
    typealias Group = WindowFixtures.WindowGroup

    static let groups = WindowFixtures.shared.reduceWindow
    static let pools = WindowFixtures.shared.maxPool
    /// (group, result) index pairs.
    static let cases = groups.indices.flatMap { group in groups[group].results.indices.map { [group, $0] } }

    static func call(_ g: Group, _ kind: String, _ x: Tensor) -> Tensor {
        reduceWindow(x, WindowReduction(rawValue: kind) ?? .sum, windowDimensions: g.window, windowStrides: g.strides,
                     padding: g.padding.padding, baseDilation: g.baseDilation, windowDilation: g.windowDilation)
    }

    static func pool(_ c: WindowFixtures.MaxPoolCase, _ x: Tensor) -> Tensor {
        reduceWindow(x, .max, windowDimensions: [1, c.window, c.window, 1], windowStrides: [1, c.stride, c.stride, 1],
                     padding: c.padding == "SAME" ? .same : .valid)
    }

    /// `(f(x + step·e_i) − f(x − step·e_i)) / 2·step` for each element `i`.
    static func centralDifferences(_ f: (Tensor) -> Tensor, _ values: [Float], shape: [Int], step: Float) throws -> [Float] {
        try values.indices.map { index in
            var (up, down) = (values, values)
            up[index] += step
            down[index] -= step
            return try (f(Tensor(up, shape: shape)) - f(Tensor(down, shape: shape))).item(as: Float.self) / (2 * step)
        }
    }

    @Test(arguments: cases)
    func valuesMatchJAX(index: [Int]) throws {
        let g = WindowsTests.groups[index[0]], r = g.results[index[1]]
        let y = try WindowsTests.call(g, r.kind, g.x.tensor())
        #expect(try r.y.matches(y), "\(r.kind) window \(g.window) strides \(g.strides) padding \(g.padding) x \(g.x.bits)")
    }

    @Test(arguments: cases.filter { groups[$0[0]].results[$0[1]].vjp != nil })
    func gradientsMatchJAX(index: [Int]) throws {
        let g = WindowsTests.groups[index[0]], r = g.results[index[1]]
        let w = try g.w.tensor()
        let gradient = try grad { (x: Tensor) in (WindowsTests.call(g, r.kind, x) * w).sum() }(g.x.tensor())
        #expect(try r.vjp!.matches(gradient), "\(r.kind) window \(g.window) padding \(g.padding) x \(g.x.bits)")
    }

    @Test(arguments: pools.indices)
    func maxPoolValuesAndGradientsAreJAXsBits(index: Int) throws {
        let c = WindowsTests.pools[index]
        let (x, w) = try (c.x.tensor(), c.w.tensor())
        #expect(try c.y.matches(WindowsTests.pool(c, x)), "\(c.name)")
        let gradSum = jit { (x: Tensor) in grad { WindowsTests.pool(c, $0).sum() }(x) }
        #expect(try c.gradSum.matches(try gradSum(x)), "\(c.name): grad of sum")
        let weighted = grad { (x: Tensor) in (WindowsTests.pool(c, x) * w).sum() }(x)
        #expect(try c.gradWeighted.matches(weighted), "\(c.name): grad of a weighted sum")
    }

    /// JAX cannot differentiate a max with window dilation; ours is checked
    /// by finite differences on distinct values (the max is linear near them).
    @Test func dilatedMaxGradientMatchesFiniteDifferences() throws {
        let values = (0..<30).map { Float(($0 * 17) % 30) }
        let x = Tensor(values, shape: [5, 6])
        let w = Tensor((0..<10).map { Float($0 + 1) }, shape: [2, 5])
        let f = { (x: Tensor) in
            (reduceWindow(x, .max, windowDimensions: [2, 2], windowStrides: [2, 2], padding: .explicit([.init(1, 0), .init(0, 1)]),
                          baseDilation: [1, 2], windowDilation: [2, 2]) * w).sum()
        }
        let g = try grad(f)(x).scalars(as: Float.self)
        #expect(try WindowsTests.centralDifferences(f, values, shape: x.shape, step: 0.25) == g)
    }

    @Test func sumGradientMatchesFiniteDifferences() throws {
        let values = (0..<42).map { Float(($0 * 7) % 11) / 4 - 1 }
        let x = Tensor(values, shape: [6, 7])
        let f = { (x: Tensor) in
            let y = reduceWindow(x, .sum, windowDimensions: [2, 3], windowStrides: [2, 1], padding: .same,
                                 baseDilation: [2, 1], windowDilation: [1, 2])
            return (y * y).sum()
        }
        let g = try grad(f)(x).scalars(as: Float.self)
        let differences = try WindowsTests.centralDifferences(f, values, shape: x.shape, step: 0.125)
        #expect(zip(differences, g).allSatisfy { abs($0 - $1) <= 1e-3 * Swift.max(1, abs($1)) }, "\(differences) vs \(g)")
    }

    @Test func maxPoolGradientNeverUsesSelectAndScatter() throws {
        let x = Tensor.zeros([2, 8, 8, 3])
        // Tiling windows concatenate the taps' shares back; others pad them back.
        for (window, stride, padding, form) in [(2, 2, Padding.valid, "stablehlo.concatenate"), (3, 2, .same, "stablehlo.pad"),
                                                (3, 1, .explicit([.init(0, 0), .init(1, 2), .init(2, 1), .init(0, 0)]), "stablehlo.pad")] {
            let text = try jit { (x: Tensor) in
                grad { reduceWindow($0, .max, windowDimensions: [1, window, window, 1], windowStrides: [1, stride, stride, 1],
                                    padding: padding).sum() }(x)
            }.lower(x).stableHLO()
            #expect(!text.contains("select_and_scatter"))
            #expect(text.contains(form))
        }
    }

    /// The benchmark's shapes: every window gives its whole cotangent to one
    /// element, so the gradient of the sum sums to the number of windows.
    @Test(arguments: [([64, 28, 28, 64], 2, 2, Padding.valid, 64 * 14 * 14 * 64),
                      ([32, 16, 16, 64], 3, 2, Padding.same, 32 * 8 * 8 * 64)])
    func benchmarkShapesDifferentiateUnderJIT(shape: [Int], window: Int, stride: Int, padding: Padding, windows: Int) throws {
        let x = Tensor((0..<shape.reduce(1, *)).map { Float(($0 * 7919) % 1009) / 1009 - 0.5 }, shape: shape)
        let step = jit { (x: Tensor) in
            grad { reduceWindow($0, .max, windowDimensions: [1, window, window, 1],
                                windowStrides: [1, stride, stride, 1], padding: padding).sum() }(x)
        }
        let g = try step(x)
        #expect(g.shape == shape)
        #expect(try g.sum().item(as: Float.self) == Float(windows))
    }
}

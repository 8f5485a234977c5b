import Foundation
import Haiku
import Testing

/// `maxPool`, `avgPool`, `MaxPool` and `AvgPool` against Haiku 0.0.17 on
/// JAX 0.11.2 (`Fixtures/pooling.json` from `Scripts/fixtures/windows.py`):
/// values and VJPs bit for bit.
@Suite struct PoolingTests {
    /// A float32 array as bit patterns.
    struct Float32Bits: Decodable, Sendable {
        let shape: [Int]
        let bits: [UInt32]

        var tensor: Tensor { Tensor(bits.map(Float.init(bitPattern:)), shape: shape) }

        func matches(_ tensor: Tensor) throws -> Bool {
            let values = try tensor.scalars(as: Float.self)
            return tensor.dtype == .float32 && tensor.shape == shape && values.map(\.bitPattern) == bits
        }
    }

    struct Case: Decodable, Sendable {
        let pool: String
        let window: [Int]
        let windowIsInt: Bool
        let strides: [Int]
        let stridesIsInt: Bool
        let padding: String
        let channelAxis: Int?
        let x: Float32Bits
        let y: Float32Bits
        let w: Float32Bits
        let vjp: Float32Bits

        var windowShape: PoolShape { windowIsInt ? .uniform(window[0]) : .perAxis(window) }
        var strideShape: PoolShape { stridesIsInt ? .uniform(strides[0]) : .perAxis(strides) }
        var label: String { "\(pool) window \(windowShape) strides \(strideShape) \(padding) channel \(String(describing: channelAxis))" }

        func call(_ x: Tensor) -> Tensor {
            let function = pool == "max" ? maxPool : avgPool
            return function(x, windowShape, strideShape, padding == "SAME" ? .same : .valid, channelAxis, #fileID, #line)
        }
    }

    struct Module: Decodable, Sendable {
        let params: Int
        let y: Float32Bits
    }

    struct File: Decodable, Sendable {
        let cases: [Case]
        let moduleInput: Float32Bits
        let modules: [String: Module]
    }

    static let fixture: File = {
        do { return try loadFixture("pooling", as: File.self) } catch { fatalError("pooling.json: \(error)") }
    }()

    @Test(arguments: fixture.cases.indices)
    func valuesAndGradientsAreHaikusBits(index: Int) throws {
        let c = PoolingTests.fixture.cases[index]
        // Under jit, as the fixture was made: XLA turns a division by a
        // constant into a multiplication by its reciprocal.
        #expect(try c.y.matches(try jit { c.call($0) }(c.x.tensor)), "\(c.label)")
        let w = c.w.tensor
        let g = try jit { grad { (x: Tensor) in (c.call(x) * w).sum() }($0) }(c.x.tensor)
        #expect(try c.vjp.matches(g), "\(c.label): gradient")
    }

    @Test func modulesHaveNoParametersAndPoolLikeTheFunctions() throws {
        let x = PoolingTests.fixture.moduleInput.tensor
        let modules: [(String, () -> any CallablePool)] = [
            ("MaxPool", { MaxPool(windowShape: 3, strides: 2, padding: .same) }),
            ("AvgPool", { AvgPool(windowShape: 3, strides: 2, padding: .same) }),
        ]
        for (name, make) in modules {
            let f = transform { (x: Tensor) in make().pool(x) }
            let params = try f.initialize(rng: PRNGKey(0), x)
            #expect(params.count == PoolingTests.fixture.modules[name]?.params)
            #expect(try PoolingTests.fixture.modules[name]?.y.matches(try f.apply(params, rng: nil, x)) == true, "\(name)")
        }
        #expect(MaxPool(windowShape: [2, 2, 1], strides: 2, padding: .valid, channelAxis: nil).configuration
                == ["windowShape: [2, 2, 1]", "strides: 2", "padding: .valid", "channelAxis: nil"])
    }

    /// The examples of `Docs/Pooling.md`.
    @Test func documentationExamplesHold() throws {
        let x = Tensor.arange(16, dtype: .float32).reshaped([1, 4, 4, 1])
        #expect(try maxPool(x, windowShape: 2, strides: 2, padding: .valid).scalars(as: Float.self) == [5, 7, 13, 15])
        #expect(try avgPool(x, windowShape: 3, strides: 2, padding: .same).scalars(as: Float.self) == [5, 6.5, 11, 12.5])
        let step = jit { (x: Tensor) in
            grad { maxPool($0, windowShape: 2, strides: 2, padding: .valid).sum() }(x)
        }
        let expected: [Float] = (0..<16).map { [5, 7, 13, 15].contains($0) ? 1 : 0 }
        #expect(try step(x).scalars(as: Float.self) == expected)
        var names: [String] = []
        let f = transform { (x: Tensor) in
            let (maximum, average) = (MaxPool(windowShape: 2, strides: 2, padding: .valid),
                                      AvgPool(windowShape: 2, strides: 2, padding: .valid))
            let y = average(maximum(x))
            names = [maximum.moduleName, average.moduleName]
            return y
        }
        _ = try f.apply([:], rng: nil, x)
        #expect(names == ["max_pool", "avg_pool"])
    }

    /// The average pool's gradient against finite differences (it is linear).
    @Test func avgPoolGradientMatchesFiniteDifferences() throws {
        let values = (0..<50).map { Float(($0 * 13) % 17) / 8 - 1 }
        let f = { (x: Tensor) in
            let y = avgPool(x, windowShape: 3, strides: 2, padding: .same)
            return (y * y).sum()
        }
        let x = Tensor(values, shape: [1, 5, 5, 2])
        let g = try grad(f)(x).scalars(as: Float.self)
        for index in values.indices {
            var (up, down) = (values, values)
            up[index] += 0.125
            down[index] -= 0.125
            let difference = try (f(Tensor(up, shape: x.shape)) - f(Tensor(down, shape: x.shape))).item(as: Float.self) / 0.25
            #expect(abs(difference - g[index]) <= 1e-3 * Swift.max(1, abs(g[index])), "element \(index)")
        }
    }

    @Test func badArgumentsAreErrors() throws {
        let x = Tensor.zeros([1, 4, 4, 2])
        let cases: [(() -> Tensor, String)] = [
            ({ maxPool(x, windowShape: 2, strides: 2, padding: .sameLower) }, "padding must be .same or .valid"),
            ({ avgPool(x, windowShape: [1, 1, 2, 2, 1], strides: 1, padding: .valid) }, "more entries than the value's 4 axes"),
            ({ maxPool(x, windowShape: 2, strides: 2, padding: .valid, channelAxis: 4) }, "invalid channel axis 4"),
            ({ maxPool(x, windowShape: 2, strides: 2, padding: .valid, channelAxis: -4) }, "invalid channel axis -4"),
        ]
        for (pool, message) in cases {
            let f = transform { (x: Tensor) in pool() }
            do {
                _ = try f.initialize(rng: nil, x)
                Issue.record("expected an error containing \(message)")
            } catch let error as HaikuError {
                #expect(error.description.contains(message), "\(error)")
                #expect(error.description.contains("PoolingTests.swift"), "\(error)")
            }
        }
    }
}

/// The two pooling modules, called alike in these tests.
protocol CallablePool {
    func pool(_ value: Tensor) -> Tensor
}

extension MaxPool: CallablePool {
    func pool(_ value: Tensor) -> Tensor { self(value) }
}

extension AvgPool: CallablePool {
    func pool(_ value: Tensor) -> Tensor { self(value) }
}

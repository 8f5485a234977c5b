import Testing
import XLATensor

/// `cumsum`, `cumprod`, `cummax`, `cummin` against JAX 0.11.2: values bit
/// for bit (the same `reduce_window` form), VJPs bit for bit for sums,
/// maxima and minima (ties included), within rounding for products.
@Suite struct CumulativeTests {
    typealias Case = WindowFixtures.Cumulative.Case

    static let fixture = WindowFixtures.shared.cumulative
    static let cases = fixture.cases

    static func call(_ name: String, _ x: Tensor, axis: Int?, reverse: Bool) -> Tensor {
        switch name {
        case "cumsum": cumsum(x, axis: axis, reverse: reverse)
        case "cumprod": cumprod(x, axis: axis, reverse: reverse)
        case "cummax": cummax(x, axis: axis, reverse: reverse)
        default: cummin(x, axis: axis, reverse: reverse)
        }
    }

    static func label(_ c: Case) -> String { "\(c.name) \(c.data) axis \(String(describing: c.axis)) reverse \(c.reverse)" }

    @Test(arguments: cases.indices)
    func valuesAreJAXsBits(index: Int) throws {
        let c = CumulativeTests.cases[index]
        let x = try #require(CumulativeTests.fixture.inputs[c.data]).tensor()
        #expect(try c.y.matches(CumulativeTests.call(c.name, x, axis: c.axis, reverse: c.reverse)), "\(CumulativeTests.label(c))")
    }

    @Test(arguments: fixture.integers.indices)
    func integerDTypesFollowJAXNumPy(index: Int) throws {
        let c = CumulativeTests.fixture.integers[index]
        #expect(try c.y.matches(CumulativeTests.call(c.name, c.x.tensor(), axis: c.axis, reverse: false)),
                "\(c.name) of \(c.x.dtype) axis \(String(describing: c.axis))")
    }

    @Test(arguments: cases.indices.filter { cases[$0].vjp != nil })
    func gradientsMatchJAX(index: Int) throws {
        let c = CumulativeTests.cases[index]
        let x = try #require(CumulativeTests.fixture.inputs[c.data]).tensor()
        let vjp = try #require(c.vjp)
        let w = try #require(CumulativeTests.fixture.weights[c.data]).tensor().reshaped(c.y.shape)
        let g = grad { (x: Tensor) in (CumulativeTests.call(c.name, x, axis: c.axis, reverse: c.reverse) * w).sum() }(x)
        if c.name == "cumprod" {
            #expect(try vjp.isClose(to: g), "\(CumulativeTests.label(c))")
        } else {
            #expect(try vjp.matches(g), "\(CumulativeTests.label(c))")
        }
    }

    @Test func cumsumGradientIsTheReverseCumsum() throws {
        let w = Tensor([1.0, 2, 3, 4])
        let g = grad { (x: Tensor) in (cumsum(x) * w).sum() }(Tensor([5.0, 6, 7, 8]))
        #expect(try g.scalars(as: Float.self) == [10, 9, 7, 4])
        #expect(try cumsum(w, reverse: true).scalars(as: Float.self) == [10, 9, 7, 4])
    }

    /// The examples of `Docs/Pooling.md`.
    @Test func documentationExamplesHold() throws {
        let x = Tensor([[1, 2, 3], [4, 5, 6]])
        #expect(try cumsum(x).scalars(as: Int32.self) == [1, 3, 6, 10, 15, 21])
        #expect(try cumsum(x, axis: 1).scalars(as: Int32.self) == [1, 3, 6, 4, 9, 15])
        #expect(try cummax(Tensor([1.0, 3, 2, 5]), reverse: true).scalars(as: Float.self) == [5, 5, 5, 5])
        #expect(try associativeScan(+, Tensor([1, 2, 3, 4])).scalars(as: Int32.self) == [1, 3, 6, 10])
    }

    @Test func associativeScanComputesPrefixes() throws {
        let x = Tensor([3.0, 1, 4, 1, 5, 9, 2])
        #expect(try associativeScan(+, x).scalars(as: Float.self) == [3, 4, 8, 9, 14, 23, 25])
        #expect(try associativeScan(maximum, x, reverse: true).scalars(as: Float.self) == [9, 9, 9, 9, 9, 9, 2])
    }

    @Test func vmapEqualsALoop() throws {
        let batch = Tensor((0..<24).map { Float(($0 * 5) % 7) - 3 }, shape: [2, 3, 4])
        for function in [{ cumsum($0, axis: 1) }, { cumprod($0, axis: 0, reverse: true) }, { cummax($0, axis: -1) },
                         { (x: Tensor) in cummin(x) }] as [(Tensor) -> Tensor] {
            let looped = stack((0..<2).map { function(batch[TensorIndex.at($0)]) })
            #expect(try vmap(function)(batch).bytes() == looped.bytes())
            let gradient = { (x: Tensor) in grad { function($0).sum() }(x) }
            let loopedGradient = stack((0..<2).map { gradient(batch[TensorIndex.at($0)]) })
            #expect(try vmap(gradient)(batch).bytes() == loopedGradient.bytes())
        }
    }

    /// The associative-scan gradients are themselves differentiable: a
    /// Hessian-vector product of `sum(cumprod(x)²)` against differences of
    /// its gradient.
    @Test func cumprodHasAHessian() throws {
        let f = { (x: Tensor) in (cumprod(x) * cumprod(x)).sum() }
        let (x, v) = (Tensor([0.5, -1.25, 0.75, 1.5, -0.5]), Tensor([0.25, 0.5, -0.75, 1, 0.125]))
        let hvp = try grad { (grad(f)($0) * v).sum() }(x).scalars(as: Float.self)
        let step: Float = 1e-2
        let difference = try ((grad(f)(x + v * step) - grad(f)(x - v * step)) / (2 * step)).scalars(as: Float.self)
        #expect(zip(hvp, difference).allSatisfy { abs($0 - $1) <= 2e-2 * Swift.max(1, abs($1)) }, "\(hvp) vs \(difference)")
    }

    @Test func badAxesAndBooleansAreErrors() {
        let outOfRange = cumsum(Tensor([[1.0, 2]]), axis: 2)
        let axisError = #expect(throws: TensorError.self) { try outOfRange.scalars(as: Float.self) }
        #expect(axisError?.description.contains("axis 2 is out of range") == true)
        #expect(axisError?.description.contains("CumulativeTests.swift") == true)
        let boolean = cummax(Tensor([true, false]))
        let boolError = #expect(throws: TensorError.self) { try boolean.scalars(as: Bool.self) }
        #expect(boolError?.description.contains("does not accept bool") == true)
    }

    /// JAX 0.11.2 flattens a scalar only when no axis is given; with any
    /// explicit axis (`jnp.cumsum(jnp.array(2.5), axis=0)`) it raises
    /// "axis 0 is out of bounds for array of dimension 0".
    @Test func aScalarTakesNoExplicitAxis() throws {
        let scalar = Tensor(2.5)
        #expect(cumsum(scalar).shape == [1])
        #expect(try cumprod(scalar).scalars(as: Float.self) == [2.5])
        let functions: [(Tensor, Int) -> Tensor] = [
            { cumsum($0, axis: $1) }, { cumprod($0, axis: $1) }, { cummax($0, axis: $1) }, { cummin($0, axis: $1) },
        ]
        for (function, axis) in functions.flatMap({ f in [0, -1, 3].map { (f, $0) } }) {
            let error = #expect(throws: TensorError.self) { try function(scalar, axis).scalars(as: Float.self) }
            #expect(error?.description.contains("axis \(axis) is out of range for shape []") == true)
        }
    }
}

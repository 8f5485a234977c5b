import Foundation
import Testing
import XLATensor

/// Differentiating through `vmap` of custom derivatives and `remat`
/// (`grad(vmap(f))`): the batched op's rule is the per-example rule batched.
@Suite struct CustomDerivativeVMapTests {
    /// Round with a straight-through gradient: autodiff of `round` would give 0.
    let straightThrough = customVJP(forward: { (x: Tensor) in (round(x), Tensor(Float(0))) },
                                    backward: { _, cotangent in cotangent })

    @Test func theCustomRuleIsUsedPerExample() throws {
        let x = Tensor([[0.4, 1.6], [2.2, -0.7], [3.5, 0.1]])
        let g = grad { (x: Tensor) in (vmap(straightThrough)(x) * 3).sum() }(x)
        #expect(try g.scalars(as: Float.self) == Array(repeating: 3, count: 6))
        let compiled = jit { (x: Tensor) in grad({ (x: Tensor) in (vmap(straightThrough)(x) * x).sum() })(x) }
        let expected = try (round(x) + x).scalars(as: Float.self)
        #expect(try compiled(x).scalars(as: Float.self) == expected)
    }

    @Test func residualsAndAnUnbatchedOperandGetTheirCotangents() throws {
        // x·w with a backward scaled by 10: cotangents 10·w·c and, summed over the examples, 10·x·c.
        let scaledProduct = customVJP(forward: { (p: [Tensor]) in (p[0] * p[1], p) },
                                      backward: { p, cotangent in [cotangent * p[1] * 10, cotangent * p[0] * 10] })
        let x = Tensor([[1.0, 2], [3, 4], [5, 6]])
        let w = Tensor([0.5, -2])
        let g = try jit { (p: [Tensor]) in
            grad({ (p: [Tensor]) in vmap(scaledProduct, inAxes: [0, nil])(p).sum() })(p)
        }([x, w])
        #expect(try g[0].scalars(as: Float.self) == [5, -20, 5, -20, 5, -20])
        #expect(try g[1].scalars(as: Float.self) == [90, 120])
    }

    @Test func nestedVMapsBatchTheRuleTwice() throws {
        let x = Tensor([0.4, 1.6, 2.2, -0.7], shape: [2, 1, 2])
        let g = grad { (x: Tensor) in (vmap(vmap(straightThrough))(x) * x).sum() }(x)
        #expect(try g.scalars(as: Float.self) == (try (round(x) + x).scalars(as: Float.self)))
    }

    @Test func customJVPUnderVMapMatchesItsDerivative() throws {
        // d/dx is declared as 2·cos(x).
        let fake = customJVP({ (x: Tensor) in sin(x) }, derivative: { x, t in cos(x) * t * 2 })
        let x = Tensor([0.5, -1.0, 2.0])
        let g = try grad { (x: Tensor) in vmap(fake)(x).sum() }(x).scalars(as: Float.self)
        let expected = [0.5, -1.0, 2.0].map { Float(2 * Foundation.cos($0)) }
        #expect(zip(g, expected).allSatisfy { abs($0 - $1) <= 1e-6 }, "\(g) vs \(expected)")
    }

    @Test(arguments: [RematPolicy.saveNothing, .saveDots])
    func rematUnderVMapMatchesThePlainGradient(policy: RematPolicy) throws {
        let w = Tensor([[0.5, -1], [0.25, 2]])
        let xs = Tensor([1.0, 2, 3, 4, -1, 0.5], shape: [3, 1, 2])
        let block = { (w: Tensor) in { (h: Tensor) in tanh(matmul(h, w)) } }
        let plain = grad { (w: Tensor) in vmap(block(w))(xs).sum() }(w)
        let rematted = grad { (w: Tensor) in vmap(remat(block(w), policy: policy))(xs).sum() }(w)
        let (a, b) = (try plain.scalars(as: Float.self), try rematted.scalars(as: Float.self))
        #expect(zip(a, b).allSatisfy { abs($0 - $1) <= 1e-6 * max(1, abs($0)) }, "\(a) vs \(b)")
    }

    @Test func cumprodsGradientThroughVMapMatchesPerExampleGradients() throws {
        // cumprod's derivative is a customVJP (the associative scan's pullback).
        let x = Tensor([0.5, -1.5, 2, 3, 0.25, -2, 1.5, 4], shape: [2, 4])
        let loss = { (row: Tensor) in (cumprod(row, axis: 0) * Tensor([1.0, -2, 3, 0.5])).sum() }
        let throughVMap = try grad { (x: Tensor) in vmap(loss)(x).sum() }(x).scalars(as: Float.self)
        let perExample = try vmap(grad(loss))(x).scalars(as: Float.self)
        #expect(zip(throughVMap, perExample).allSatisfy { abs($0 - $1) <= 1e-6 * max(1, abs($1)) },
                "\(throughVMap) vs \(perExample)")
    }

    @Test func aBackwardCapturingAnOuterTensorUsesIt() throws {
        let w = Tensor([2.0, -3])
        let x = Tensor([[1.0, 2], [3, 4]])
        let g = try jit { (p: [Tensor]) in
            let w = p[1]
            let scaled = customVJP(forward: { (x: Tensor) in (x * w, Tensor(Float(0))) },
                                   backward: { _, cotangent in cotangent * w * 10 })
            return grad({ (x: Tensor) in vmap(scaled)(x).sum() })(p[0])
        }([x, w])
        #expect(try g.scalars(as: Float.self) == [20, -30, 20, -30])
    }

    @Test func aBackwardCapturingAPerExampleTensorIsAnErrorNotAWrongValue() throws {
        let x = Tensor([[1.0, 2], [3, 4]])
        let g = grad { (x: Tensor) in
            vmap({ (row: Tensor) in
                let doubled = row * 2
                let f = customVJP(forward: { (r: Tensor) in (r * r, Tensor(Float(0))) },
                                  backward: { _, cotangent in cotangent * doubled })
                return f(row)
            })(x).sum()
        }(x)
        let error = #expect(throws: TensorError.self) { try g.scalars(as: Float.self) }
        guard case .escapedTracer = error else { Issue.record("expected an escaped tracer, got \(String(describing: error))"); return }
    }
}

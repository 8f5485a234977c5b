import Foundation
import Testing
import XLATensor

/// Reverse-mode differentiation through the IR pass.
@Suite struct GradTests {
    @Test func gradientOfAPolynomial() throws {
        let f = { (x: Tensor) in (x * x * x).sum() }
        let g = grad(f)(Tensor([1.0, 2, -3]))
        #expect(try g.scalars(as: Float.self) == [3, 12, 27])
    }

    @Test func valueAndGradOfAnMLPLossOverADictionary() throws {
        let x = Tensor([[1.0, 2], [3, 4], [5, 6]])
        let y = Tensor([[1.0], [0], [1]])
        let loss = { (p: [String: Tensor]) -> Tensor in
            let h = tanh(matmul(x, p["w1"]!) + p["b1"]!)
            let out = matmul(h, p["w2"]!)
            return ((out - y) * (out - y)).mean()
        }
        let params: [String: Tensor] = [
            "w1": Tensor([[0.1, -0.2, 0.3], [0.4, 0.5, -0.6]]), "b1": Tensor([0.01, 0.02, 0.03]),
            "w2": Tensor([[0.7], [-0.8], [0.9]]),
        ]
        let (value, gradient) = valueAndGrad(loss)(params)
        #expect(gradient["w1"]!.shape == [2, 3])
        // Central differences in float32 on one coordinate of each leaf.
        for name in ["w1", "b1", "w2"] {
            var plus = params, minus = params
            let leaf = try params[name]!.scalars(as: Float.self)
            var up = leaf, down = leaf
            up[0] += 1e-2; down[0] -= 1e-2
            plus[name] = Tensor(up, shape: params[name]!.shape)
            minus[name] = Tensor(down, shape: params[name]!.shape)
            let numeric = (try loss(plus).item(as: Float.self) - (try loss(minus).item(as: Float.self))) / 2e-2
            let analytic = try gradient[name]!.scalars(as: Float.self)[0]
            #expect(abs(numeric - analytic) < 2e-3, "\(name): \(numeric) vs \(analytic)")
        }
        #expect(try value.item(as: Float.self) > 0)
    }

    @Test func gradInsideJITAndOfGrad() throws {
        let step = jit { (w: Tensor) -> Tensor in w - grad({ (w: Tensor) in (w * w).sum() })(w) * 0.25 }
        #expect(try step(Tensor([2.0, -4])).scalars(as: Float.self) == [1, -2])
        let second = grad { (x: Tensor) in grad({ (x: Tensor) in (x * x * x).sum() })(x).sum() }
        #expect(try second(Tensor([1.0, 2])).scalars(as: Float.self) == [6, 12])
    }

    @Test func closedOverTracedValuesAreConstants() throws {
        let f = jit { (x: Tensor, y: Tensor) -> Tensor in grad({ (x: Tensor) in (x * y).sum() })(x) }
        #expect(try f(Tensor([1.0, 2]), Tensor([5.0, 7])).scalars(as: Float.self) == [5, 7])
    }

    @Test func stopGradientAndAllowedIntegersGiveZeros() throws {
        let g = grad { (x: Tensor) in (x * stopGradient(x)).sum() }(Tensor([3.0]))
        #expect(try g.scalars(as: Float.self) == [3])
        let mixed = grad({ (p: [Tensor]) in (p[0] * p[1].converted(to: .float32)).sum() }, allowInt: true)([Tensor([2.0]), Tensor([5])])
        #expect(try mixed[0].scalars(as: Float.self) == [5])
        #expect(try mixed[1].scalars(as: Int32.self) == [0])
    }

    @Test func reluHasZeroGradientAtZero() throws {
        let g = grad { (x: Tensor) in relu(x).sum() }(Tensor([-1.0, 0, 2]))
        #expect(try g.scalars(as: Float.self) == [0, 0, 1])
    }

    @Test func nonScalarOutputIsAClearError() {
        let g = grad { (x: Tensor) in x * 2 }(Tensor([1.0, 2]))
        let error = #expect(throws: TensorError.self) { try g.scalars(as: Float.self) }
        #expect(error?.description.contains("floating-point scalar") == true)
    }

    @Test func vjpPullsBackACotangent() throws {
        let (y, pullback) = vjp({ (x: Tensor) in x * x }, Tensor([1.0, 2, 3]))
        #expect(try y.scalars(as: Float.self) == [1, 4, 9])
        #expect(try pullback(Tensor([1.0, 0, 2])).scalars(as: Float.self) == [2, 0, 12])
    }

    @Test func auxiliaryOutputsComeBack() throws {
        let ((value, aux), gradient) = valueAndGrad { (x: Tensor) in ((x * x).sum(), [x * 10]) }(Tensor([1.0, 2]))
        #expect(try value.item(as: Float.self) == 5)
        #expect(try aux[0].scalars(as: Float.self) == [10, 20])
        #expect(try gradient.scalars(as: Float.self) == [2, 4])
    }
}

/// A value used for several differentiated leaves keeps one gradient per leaf.
@Suite struct AliasedLeafGradTests {
    @Test func theSameTensorTwiceGetsTwoGradients() throws {
        let f = jit { (w: Tensor) -> [Tensor] in grad({ (p: [Tensor]) in (p[0] * p[1] * 3).sum() })([w, w]) }
        let g = try f(Tensor([2.0]))
        #expect(try g[0].scalars(as: Float.self) == [6])
        #expect(try g[1].scalars(as: Float.self) == [6])
    }
}

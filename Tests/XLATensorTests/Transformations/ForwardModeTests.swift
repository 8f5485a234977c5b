import Foundation
import Testing
import XLATensor

/// Forward mode (by transposing reverse mode) and Hessian-vector products.
@Suite struct ForwardModeTests {
    @Test func jvpIsTheJacobianTimesTheTangent() throws {
        let f = { (x: Tensor) in sin(x) * x }
        let x = Tensor([0.5, 1.0, 2.0])
        let (y, tangent) = jvp(f, x, Tensor([1.0, 0, -2]))
        let xs: [Double] = [0.5, 1, 2], ts: [Double] = [1, 0, -2]
        let expected = zip(xs, ts).map { x, t in Float((Foundation.cos(x) * x + Foundation.sin(x)) * t) }
        for (value, wanted) in zip(try tangent.scalars(as: Float.self), expected) { #expect(abs(value - wanted) < 1e-6) }
        #expect(try y.scalars(as: Float.self).count == 3)
    }

    @Test func jvpOfATreeToTreeFunctionInsideJIT() throws {
        let f = jit { (w: Tensor, v: Tensor) -> [Tensor] in
            let (out, tangent) = jvp({ (p: [Tensor]) in [matmul(p[0], p[1]).sum()] }, [w, w], [v, v])
            return [out[0], tangent[0]]
        }
        let w = Tensor([[1.0, 2], [3, 4]]), v = Tensor([[0.0, 1], [1, 0]])
        let out = try f(w, v)
        // d/dt sum((w + tv)(w + tv)) at t=0 = sum(v w + w v).
        #expect(try out[1].item(as: Float.self) == 20)
        #expect(try out[0].item(as: Float.self) == 54)
    }

    @Test func hessianVectorProductMatchesFiniteDifferences() throws {
        try Configuration.withX64 {
            let f = { (x: Tensor) in (exp(x) * x * x).sum() + (x[0] * x[1] * x[2]) }
            let x = Tensor([0.3, -0.2, 0.5]), v = Tensor([1.0, 2, -1])
            let hvp = jvp(grad(f), x, v).tangent
            let values = try hvp.scalars(as: Double.self)
            let step = 1e-5
            let plus = try grad(f)(x + v * Tensor(step)).scalars(as: Double.self)
            let minus = try grad(f)(x - v * Tensor(step)).scalars(as: Double.self)
            for index in 0..<3 {
                let numeric = (plus[index] - minus[index]) / (2 * step)
                #expect(abs(values[index] - numeric) < 1e-6 * max(1, abs(numeric)))
            }
        }
    }
}

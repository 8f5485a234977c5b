import Foundation
import Testing
import XLARuntime
import XLATensor

/// customVJP, customJVP and remat.
@Suite struct CustomDerivativeTests {
    @Test func customVJPReplacesTheDerivative() throws {
        // A "straight-through" round: value rounded, gradient passed unchanged.
        let straightThrough = customVJP(forward: { (x: Tensor) in (round(x), Tensor(Float(0))) },
                                        backward: { _, cotangent in cotangent })
        let g = grad { (x: Tensor) in (straightThrough(x) * 3).sum() }(Tensor([0.4, 1.6]))
        #expect(try g.scalars(as: Float.self) == [3, 3])
        #expect(try straightThrough(Tensor([0.4, 1.6])).scalars(as: Float.self) == [0, 2])
    }

    @Test func customVJPUsesItsResiduals() throws {
        let square = customVJP(forward: { (x: Tensor) in (x * x, x) }, backward: { x, cotangent in cotangent * x * 10 })
        let g = jit { (x: Tensor) in grad({ (x: Tensor) in square(x).sum() })(x) }
        #expect(try g(Tensor([1.0, 2])).scalars(as: Float.self) == [10, 20])
    }

    @Test func customJVPIsUsedByGradAndJVP() throws {
        // d/dx of this "sin" is declared as 2·cos(x)·t.
        let fake = customJVP({ (x: Tensor) in sin(x) }, derivative: { x, t in cos(x) * t * 2 })
        let x = Tensor([0.5])
        let g = try grad({ (x: Tensor) in fake(x).sum() })(x).item(as: Float.self)
        #expect(abs(g - Float(2 * Foundation.cos(0.5))) < 1e-6)
        let t = try jvp(fake, x, Tensor([1.0])).tangent.item(as: Float.self)
        #expect(abs(t - Float(2 * Foundation.cos(0.5))) < 1e-6)
    }

    @Test func rematGivesTheSameGradientsWithLessMemory() throws {
        let layers = 24
        let deep = { (w: Tensor, x: Tensor, block: (Tensor) -> Tensor) -> Tensor in
            var h = x
            for _ in 0..<layers { h = block(h) }
            return (h * w).sum()
        }
        let layer = { (w: Tensor) in { (h: Tensor) in tanh(matmul(h, w)) } }
        let plain = jit { (w: Tensor, x: Tensor) in grad({ (w: Tensor) in deep(w, x, layer(w)) })(w) }
        let rematted = jit { (w: Tensor, x: Tensor) in
            grad({ (w: Tensor) in deep(w, x, { remat(layer(w))($0) }) })(w)
        }
        let values: [Float] = (0..<(256 * 256)).map { index in Float((index * 7919) % 1000) / 20_000 - 0.025 }
        let w = Tensor(values, shape: [256, 256])
        let x = Tensor.ones([256, 256])
        let a = try plain(w, x).scalars(as: Float.self), b = try rematted(w, x).scalars(as: Float.self)
        #expect(zip(a, b).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($0)) })
        let client = try Client.shared()
        let plainMemory = try client.compile(try plain.lower(w, x).stableHLO()).memoryStatistics()
        let rematMemory = try client.compile(try rematted.lower(w, x).stableHLO()).memoryStatistics()
        let message = "remat \(rematMemory.temporaryBytes) vs plain \(plainMemory.temporaryBytes) temporary bytes"
        #expect(rematMemory.temporaryBytes < plainMemory.temporaryBytes, Comment(rawValue: message))
        print(message)
    }
}

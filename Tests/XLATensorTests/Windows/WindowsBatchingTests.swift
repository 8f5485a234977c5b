import Testing
import XLATensor

/// `reduceWindow` under `vmap` equals a loop, and bad arguments are
/// errors that name the caller.
@Suite struct WindowsBatchingTests {
    static let batch = Tensor((0..<100).map { Float(($0 * 37) % 23) / 4 - 2 }, shape: [2, 5, 5, 2])

    static func pool(_ x: Tensor) -> Tensor {
        reduceWindow(maximum(x, 0), .max, windowDimensions: [3, 3, 1], windowStrides: [2, 2, 1], padding: .same)
    }

    static func average(_ x: Tensor) -> Tensor {
        reduceWindow(x, .sum, windowDimensions: [2, 2, 1], windowStrides: [1, 2, 1], padding: .valid,
                     baseDilation: [2, 1, 1])
    }

    func loop(_ function: (Tensor) -> Tensor) -> Tensor {
        stack((0..<2).map { function(WindowsBatchingTests.batch[TensorIndex.at($0)]) })
    }

    @Test func vmapEqualsALoop() throws {
        for function in [WindowsBatchingTests.pool, WindowsBatchingTests.average] {
            #expect(try vmap(function)(WindowsBatchingTests.batch).bytes() == loop(function).bytes())
            let gradient = { (x: Tensor) in grad { (function($0) * $0.sum()).sum() }(x) }
            #expect(try vmap(gradient)(WindowsBatchingTests.batch).bytes() == loop(gradient).bytes())
        }
    }

    @Test func badArgumentsAreErrorsNamingTheCaller() {
        let x = Tensor.zeros([4, 4])
        let cases: [(Tensor, String)] = [
            (reduceWindow(x, .max, windowDimensions: [2]), "windowDimensions has 1 entries for shape [4, 4]"),
            (reduceWindow(x, .max, windowDimensions: [2, 2], windowStrides: [0, 1]), "windowStrides must be at least 1"),
            (reduceWindow(x, .sum, windowDimensions: [2, 2], padding: .explicit([.init(-1, 0), .init(0, 0)])), "padding"),
            (reduceWindow(x, .sum, windowDimensions: [2, 2], padding: .explicit([.init(1, 0)])), "one non-negative (low, high) pair per axis"),
            (reduceWindow(Tensor([true, false]), .sum, windowDimensions: [2]), "numeric"),
        ]
        for (result, message) in cases {
            let error = #expect(throws: TensorError.self) { try result.bytes() }
            #expect(error?.description.contains(message) == true, "\(String(describing: error))")
            #expect(error?.description.contains("WindowsBatchingTests.swift") == true)
        }
    }

    @Test func productHasNoGradient() {
        let g = grad { reduceWindow($0, .product, windowDimensions: [2]).sum() }(Tensor([1.0, 2, 3]))
        let error = #expect(throws: TensorError.self) { try g.bytes() }
        #expect(error?.description.contains("reduce_window prod") == true)
    }
}

/// Second derivatives: the gradients are themselves differentiable.
@Suite struct WindowsSecondOrderTests {
    static let x = Tensor((0..<36).map { Float(($0 * 11) % 13) / 5 - 1 }, shape: [1, 6, 6, 1])
    static let v = Tensor((0..<36).map { Float(($0 * 5) % 7) / 3 }, shape: [1, 6, 6, 1])

    /// A Hessian-vector product of a squared window sum against finite
    /// differences of its gradient (both exact up to rounding: f is quadratic).
    @Test func windowSumHasAHessian() throws {
        let f = { (x: Tensor) in
            let y = reduceWindow(x, .sum, windowDimensions: [1, 3, 3, 1], windowStrides: [1, 2, 2, 1], padding: .same)
            return (y * y).sum()
        }
        let (x, v) = (WindowsSecondOrderTests.x, WindowsSecondOrderTests.v)
        let hvp = try grad { (grad(f)($0) * v).sum() }(x).scalars(as: Float.self)
        let difference = try ((grad(f)(x + v * 0.5) - grad(f)(x - v * 0.5))).scalars(as: Float.self)
        #expect(zip(hvp, difference).allSatisfy { abs($0 - $1) <= 1e-4 * Swift.max(1, abs($1)) }, "\(hvp) vs \(difference)")
    }

    /// A max pool is piecewise linear: its gradient's derivative is zero,
    /// for the tiling and the general form alike.
    @Test(arguments: [(2, 2, Padding.valid), (3, 2, .same)])
    func maxPoolGradientIsDifferentiable(window: Int, stride: Int, padding: Padding) throws {
        let f = { (x: Tensor) in
            (reduceWindow(x, .max, windowDimensions: [1, window, window, 1], windowStrides: [1, stride, stride, 1],
                          padding: padding) * 3).sum()
        }
        let second = try grad { (grad(f)($0) * WindowsSecondOrderTests.v).sum() }(WindowsSecondOrderTests.x)
        #expect(try second.scalars(as: Float.self).allSatisfy { $0 == 0 })
    }
}

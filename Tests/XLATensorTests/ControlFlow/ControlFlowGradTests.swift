import Foundation
import Testing
import XLATensor

/// Reverse-mode differentiation through cond, switchBranch, scan and
/// forLoop, against JAX (`Scripts/fixtures/control_flow_grads.py`) in
/// float32, eagerly and under jit, and against central differences in
/// float64.
@Suite struct ControlFlowGradTests {
    struct Case: Decodable, CustomTestStringConvertible {
        let name: String
        let shapes: [[Int]]
        let inputs: [[Double]]
        let value: Double
        let gradient: [[Double]]
        let index: Int?
        let reverse: Bool?

        var testDescription: String { name }

        func point(_ dtype: ElementType) -> [Tensor] {
            zip(inputs, shapes).map { Tensor($0, shape: $1, dtype: dtype) }
        }
    }

    struct Fixture: Decodable {
        let cases: [Case]
    }

    static let cases: [Case] = loadFixture("control_flow_grads", as: Fixture.self).cases

    /// The loss a fixture case names, as the script writes it in JAX.
    static func loss(_ testCase: Case) -> ([Tensor]) -> Tensor {
        switch testCase.name {
        case "cond_true", "cond_false":
            return { p in
                let (x, w) = (p[0], p[1])
                let y = exp(w)
                return cond(x.sum() .> 0, { (sin(x) * y).sum() }, { (x * x).sum() * 3 + w.sum() })
            }
        case let name where name.hasPrefix("switch_"):
            let index = Tensor(Int32(testCase.index!))
            return { p in
                let (x, w) = (p[0], p[1])
                return switchBranch(index, [{ (sin(x) * w).sum() }, { (x * x).sum() }, { tanh(x * w).sum() }])
            }
        case "scan_forward", "scan_reverse":
            return { p in
                let (w, h0, a, b) = (p[0], p[1], p[2], p[3])
                let v = w * w
                let (carry, ys) = scan([h0, h0.sum()], [a, b], reverse: testCase.reverse!) { carry, x in
                    let h = tanh(carry[0] * v + x[0] * x[1])
                    return ([h, carry[1] + (h * h).sum()], [h * 2, h.sum()])
                }
                return carry[1] + carry[0].sum() + (ys[0] * ys[0]).sum() + sin(ys[1]).sum()
            }
        case "for_loop":
            return { p in
                let (x, w) = (p[0], p[1])
                return forLoop(0, 4, x) { i, s in sin(s) * w + i.converted(to: s.dtype) * 0.1 }.sum()
            }
        case "cond_in_scan":
            return { p in
                let (w, h0, xs) = (p[0], p[1], p[2])
                let (h, ys) = scan(h0, xs) { h, x in
                    let next = cond(h.sum() .> 0, { tanh(h * w + x) }, { h * 0.5 - x * w })
                    return (next, next)
                }
                return (ys * ys).sum() + h.sum()
            }
        default:
            preconditionFailure("no Swift loss for fixture case \(testCase.name)")
        }
    }

    /// Float32 results within `tolerance` of JAX's, relative above 1.
    static func expectClose(_ actual: [Tensor], _ expected: [[Double]], tolerance: Double, _ label: String) throws {
        #expect(actual.count == expected.count)
        for (leaf, (tensor, values)) in zip(actual, expected).enumerated() {
            let scalars = try tensor.scalars(as: Float.self).map(Double.init)
            #expect(scalars.count == values.count)
            for (a, e) in zip(scalars, values) {
                #expect(abs(a - e) <= tolerance * max(1, abs(e)), "\(label) leaf \(leaf): \(a) vs \(e)")
            }
        }
    }

    @Test(arguments: cases) func gradientsMatchJAXEagerly(_ testCase: Case) throws {
        let (value, gradient) = valueAndGrad(Self.loss(testCase))(testCase.point(.float32))
        #expect(abs(Double(try value.item(as: Float.self)) - testCase.value) <= 2e-5 * max(1, abs(testCase.value)))
        try Self.expectClose(gradient, testCase.gradient, tolerance: 2e-5, "\(testCase.name) eager")
    }

    @Test(arguments: cases) func gradientsMatchJAXUnderJIT(_ testCase: Case) throws {
        let loss = Self.loss(testCase)
        let compiled = jit { (p: [Tensor]) -> [Tensor] in grad(loss)(p) }
        try Self.expectClose(try compiled(testCase.point(.float32)), testCase.gradient, tolerance: 2e-5,
                             "\(testCase.name) jit")
    }

    @Test(arguments: cases) func gradientsMatchCentralDifferencesInFloat64(_ testCase: Case) throws {
        try Configuration.withX64 {
            let loss = Self.loss(testCase)
            let point = testCase.point(.float64)
            let gradient = try jit { (p: [Tensor]) -> [Tensor] in grad(loss)(p) }(point)
            let value = jit(loss)
            let step = 1e-6
            for (leaf, (input, shape)) in zip(testCase.inputs, testCase.shapes).enumerated() {
                let analytic = try gradient[leaf].scalars(as: Double.self)
                for element in input.indices {
                    var plus = point, minus = point
                    var up = input, down = input
                    up[element] += step
                    down[element] -= step
                    plus[leaf] = Tensor(up, shape: shape, dtype: .float64)
                    minus[leaf] = Tensor(down, shape: shape, dtype: .float64)
                    let numeric = (try value(plus).item(as: Double.self) - (try value(minus).item(as: Double.self))) / (2 * step)
                    #expect(abs(numeric - analytic[element]) <= 1e-7 * max(1, abs(numeric)),
                            "\(testCase.name) leaf \(leaf)[\(element)]: \(analytic[element]) vs \(numeric)")
                }
            }
        }
    }

    @Test func fixtureTakesBothBranchesOfCond() {
        let names = Set(Self.cases.map(\.name))
        #expect(names.isSuperset(of: ["cond_true", "cond_false", "switch_0", "switch_1", "switch_2", "scan_forward",
                                      "scan_reverse", "for_loop", "cond_in_scan"]))
    }

    @Test func whileLoopWithADynamicTripCountIsAClearError() {
        let loss = { (x: Tensor) in whileLoop(x, condition: { $0.sum() .< 10 }, body: { $0 * 2 }).sum() }
        let g = grad(loss)(Tensor([1.0, 2]))
        let error = #expect(throws: TensorError.self) { try g.scalars(as: Float.self) }
        guard case .invalidOperation(.dynamicTripCount)? = error else {
            Issue.record("expected a dynamicTripCount error, got \(String(describing: error))")
            return
        }
        let message = error?.description ?? ""
        #expect(message.contains("whileLoop") && message.contains("scan") && message.contains("forLoop"))
        #expect(message.contains("ControlFlowGradTests.swift"))
    }

    @Test func whileLoopOffTheDifferentiatedPathIsFine() throws {
        let g = grad { (x: Tensor) in
            let steps = whileLoop(Tensor(Int32(1)), condition: { $0 .< 100 }, body: { $0 * 3 })
            return (x * steps.converted(to: .float32)).sum()
        }(Tensor([1.0, 2]))
        #expect(try g.scalars(as: Float.self) == [243, 243])
    }

    @Test func gradOfGradThroughCond() throws {
        let second = grad { (x: Tensor) in
            grad({ (x: Tensor) in cond(x.sum() .> 0, { (x * x * x).sum() }, { (x * x).sum() }) })(x).sum()
        }
        #expect(try second(Tensor([1.0, 2])).scalars(as: Float.self) == [6, 12])
        #expect(try second(Tensor([-1.0, -2])).scalars(as: Float.self) == [2, 2])
    }

    @Test func vjpThroughScanWithAPartialCotangent() throws {
        // Only the stacked outputs get a cotangent; the final carry gets zeros.
        let (_, pullback) = vjp({ (x: Tensor) in
            let (carry, ys) = scan(Tensor(Float(1)), x) { c, x in (c * x, c * x) }
            return [carry, ys]
        }, Tensor([2.0, 3, 4]))
        // ys = [2, 6, 24]; d(sum ys)/dx = [1 + 3 + 12, 2 + 8, 6]
        let g = pullback([Tensor(Float(0)), Tensor([1.0, 1, 1])])
        #expect(try g.scalars(as: Float.self) == [16, 10, 6])
    }

    @Test func customVJPInsideCondAndScanIsHonoured() throws {
        let square = customVJP(forward: { (x: Tensor) in (x * x, x) }, backward: { x, cotangent in cotangent * x * 10 })
        let inCond = grad { (x: Tensor) in cond(x.sum() .> 0, { square(x).sum() }, { x.sum() }) }
        #expect(try inCond(Tensor([1.0, 2])).scalars(as: Float.self) == [10, 20])
        let inScan = jit { (x: Tensor) in
            grad({ (x: Tensor) in scan(Tensor(Float(0)), x) { c, x in (c + square(x), c) }.carry })(x)
        }
        #expect(try inScan(Tensor([1.0, 2, 3])).scalars(as: Float.self) == [10, 20, 30])
    }

    @Test func secondOrderAndForwardModeThroughScanAndCond() throws {
        // f(x) = sum over steps of c·x³ with c = 1, 2, 3: f'' = 6·x·(1 + 2 + 3).
        let f = { (x: Tensor) in
            scan(Tensor(Float(0)), Tensor([1.0, 2, 3])) { total, c in
                (total + cond(c .> 0, { (x * x * x).sum() * c }, { x.sum() }), c)
            }.carry
        }
        let second = grad { (x: Tensor) in grad(f)(x).sum() }
        #expect(try second(Tensor([1.0, 2])).scalars(as: Float.self) == [36, 72])
        let tangent = jvp(f, Tensor([1.0, 2]), Tensor([1.0, 0])).tangent
        #expect(try tangent.item(as: Float.self) == 18)
    }
}

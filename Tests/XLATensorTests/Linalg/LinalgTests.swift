import Foundation
import Testing
import XLATensor

/// `Fixtures/linalg.json`, written by `Scripts/fixtures/linalg.py` from JAX
/// 0.11.2 on CPU (LAPACK's potrf, trsm, geqrf and orgqr).
struct LinalgFixture: Decodable, Sendable {
    /// A float32 array, flattened row-major; NaN spelled `"nan"`.
    struct Array: Decodable, Sendable {
        let shape: [Int]
        let values: [Double]
        func tensor(_ dtype: ElementType = .float32) -> Tensor { Tensor(values, shape: shape, dtype: dtype) }
    }

    struct Cholesky: Decodable, Sendable {
        let a: Array, upper: Bool, symmetrizeInput: Bool, value: Array
        enum CodingKeys: String, CodingKey { case a, upper, symmetrizeInput = "symmetrize_input", value }
    }

    struct TriangularSolve: Decodable, Sendable {
        let a: Array, b: Array, leftSide: Bool, lower: Bool, transposeA: Bool, unitDiagonal: Bool, value: Array
        enum CodingKeys: String, CodingKey {
            case a, b, value, leftSide = "left_side", lower, transposeA = "transpose_a", unitDiagonal = "unit_diagonal"
        }

        func solve(_ a: Tensor, _ b: Tensor) -> Tensor {
            XLATensor.triangularSolve(a, b, leftSide: leftSide, lower: lower, transposeA: transposeA, unitDiagonal: unitDiagonal)
        }
    }

    struct QR: Decodable, Sendable {
        let a: Array, mode: String, q: Array?, r: Array
    }

    struct Gradient: Decodable, Sendable {
        let inputs: [Array], weights: Array, grads: [Array]
    }

    let cholesky: [String: Cholesky]
    let triangularSolve: [String: TriangularSolve]
    let qr: [String: QR]
    let grads: [String: Gradient]

    enum CodingKeys: String, CodingKey { case cholesky, triangularSolve = "triangular_solve", qr, grads }

    static let shared = loadFixture("linalg", as: LinalgFixture.self, nonFiniteStrings: true)
}

/// Expects `actual` to match `expected` within `tolerance` of the largest
/// finite `|expected|` (at least 1); NaN must match NaN.
func expectClose(_ actual: Tensor, _ expected: LinalgFixture.Array, tolerance: Double = 1e-5, _ comment: String,
                 sourceLocation: SourceLocation = #_sourceLocation) throws {
    #expect(actual.shape == expected.shape, "\(comment): shape \(actual.shape)", sourceLocation: sourceLocation)
    try expectClose(try actual.scalars(as: Float.self).map(Double.init), expected.values, tolerance: tolerance, comment,
                    sourceLocation: sourceLocation)
}

/// `expectClose` on plain values.
func expectClose(_ actual: [Double], _ expected: [Double], tolerance: Double = 1e-5, _ comment: String,
                 sourceLocation: SourceLocation = #_sourceLocation) throws {
    let scale = Swift.max(1, expected.filter(\.isFinite).map(Swift.abs).max() ?? 0)
    #expect(actual.count == expected.count, "\(comment): \(actual.count) values", sourceLocation: sourceLocation)
    for (index, (a, e)) in zip(actual, expected).enumerated() {
        let close = e.isNaN ? a.isNaN : Swift.abs(a - e) <= tolerance * scale
        #expect(close, "\(comment)[\(index)]: \(a), expected \(e)", sourceLocation: sourceLocation)
    }
}

/// Expects every element of `x` within `tolerance` of `y`.
func expectNear(_ x: Tensor, _ y: Tensor, tolerance: Double = 1e-5, _ comment: String,
                sourceLocation: SourceLocation = #_sourceLocation) throws {
    #expect(x.shape == y.shape, "\(comment): shapes \(x.shape) and \(y.shape)", sourceLocation: sourceLocation)
    try expectClose(try x.scalars(as: Float.self).map(Double.init), try y.scalars(as: Float.self).map(Double.init),
                    tolerance: tolerance, comment, sourceLocation: sourceLocation)
}

/// A reproducible well-conditioned random tensor in `[-1, 1)`.
func randomMatrices(_ shape: [Int], seed: UInt64) -> Tensor {
    var generator = GradientCheckTests.Generator(state: seed)
    return Tensor((0..<shape.reduce(1, *)).map { _ in Double.random(in: -1..<1, using: &generator) }, shape: shape,
                  dtype: .float32)
}

/// `x xᵀ + n I`: symmetric positive definite and well conditioned.
func positiveDefinite(_ shape: [Int], seed: UInt64) -> Tensor {
    let x = randomMatrices(shape, seed: seed)
    let n = shape[shape.count - 1]
    return matmul(x, x.transposed(Array(0..<(shape.count - 2)) + [shape.count - 1, shape.count - 2]))
        + Double(n) * Tensor.eye(n)
}

/// The matrices with their last two axes swapped.
func matrixTranspose(_ x: Tensor) -> Tensor { x.transposed(Array(0..<(x.rank - 2)) + [x.rank - 1, x.rank - 2]) }

@Suite struct LinalgCholeskyTests {
    @Test(arguments: LinalgFixture.shared.cholesky.keys.sorted())
    func matchesJAX(_ name: String) throws {
        let c = try #require(LinalgFixture.shared.cholesky[name])
        let a = c.a.tensor(name == "integers" ? .int32 : .float32)
        let f = { (a: Tensor) in cholesky(a, upper: c.upper, symmetrizeInput: c.symmetrizeInput) }
        try expectClose(f(a), c.value, name)
        try expectClose(try jit(f)(a), c.value, "\(name) (jit)")
    }

    @Test func reconstructsTheInput() throws {
        let a = positiveDefinite([3, 5, 5], seed: 1)
        let l = cholesky(a)
        try expectNear(matmul(l, matrixTranspose(l)), a, "L Lᵀ")
        try expectNear(l, cholesky(a, upper: true).transposed([0, 2, 1]), "upper is Lᵀ")
        #expect(try (l * (1 - Tensor.eye(5)).triangleAbove()).scalars(as: Float.self).allSatisfy { $0 == 0 })
    }

    /// Above the leaf size the factor is built from blocks; a lower
    /// triangle with a positive diagonal and `L Lᵀ = A` is the unique factor.
    @Test(arguments: [[80, 80], [2, 70, 70], [33, 33]])
    func blockedFactorIsTheFactor(shape: [Int]) throws {
        let a = positiveDefinite(shape, seed: 21)
        let l = cholesky(a)
        let n = shape[shape.count - 1]
        try expectNear(matmul(l, matrixTranspose(l)), a, tolerance: 2e-6, "L Lᵀ")
        let values = try l.scalars(as: Float.self)
        for (index, value) in values.enumerated() {
            let (row, column) = ((index / n) % n, index % n)
            if column > row { #expect(value == 0) } else if column == row { #expect(value > 0) }
        }
        // A failure in a later block still fills the whole factor with NaN.
        let failing = a - 2 * Double(n) * Tensor((0..<n * n).map { $0 == n * n - 1 ? 1.0 : 0 }, shape: [n, n], dtype: .float32)
        #expect(try cholesky(failing).scalars(as: Float.self).enumerated().allSatisfy { index, value in
            index % n > (index / n) % n ? value == 0 : value.isNaN
        })
    }

    /// The blocked factor's gradient (through the blocks' rules) along
    /// random directions, against central differences in float64.
    @Test func blockedGradientAgainstDirectionalDifferences() throws {
        try Configuration.withX64 {
            let n = 40
            let a = positiveDefinite([n, n], seed: 22).converted(to: .float64)
            let weights = randomMatrices([n, n], seed: 23).converted(to: .float64)
            let loss = jit { (a: Tensor) in (cholesky(a) * weights).sum() }
            let gradient = try jit { (a: Tensor) in grad { (a: Tensor) in (cholesky(a) * weights).sum() }(a) }(a)
            for seed in UInt64(24)...26 {
                let direction = randomMatrices([n, n], seed: seed).converted(to: .float64)
                let step = 1e-5
                let numeric = (try loss(a + step * direction).item(as: Double.self)
                    - (try loss(a - step * direction).item(as: Double.self))) / (2 * step)
                let analytic = try (gradient * direction).sum().item(as: Double.self)
                #expect(Swift.abs(analytic - numeric) <= 1e-6 * Swift.max(1, Swift.abs(numeric)), "\(analytic) vs \(numeric)")
            }
        }
    }

    @Test func rejectsWhatJAXRejects() {
        #expect(errorText(cholesky(Tensor([1.0, 2]))).contains("needs a batch of matrices (rank 2 or more)"))
        #expect(errorText(cholesky(Tensor.ones([2, 3]))).contains("needs square matrices, not 2x3"))
        #expect(errorText(cholesky(Tensor.eye(2, dtype: .float16))).contains("accepts float32 and float64"))
        let message = errorText(cholesky(Tensor.ones([2, 3])))
        #expect(message.contains("LinalgTests.swift"), "names the call site: \(message)")
    }
}

extension Tensor {
    /// Ones strictly above the diagonal of a square tensor, for masks in tests.
    fileprivate func triangleAbove() -> Tensor {
        let n = shape[0]
        return Tensor((0..<n * n).map { $0 % n > $0 / n ? 1.0 : 0 }, shape: [n, n], dtype: .float32)
    }
}

@Suite struct LinalgTriangularSolveTests {
    @Test(arguments: LinalgFixture.shared.triangularSolve.keys.sorted())
    func matchesJAX(_ name: String) throws {
        let c = try #require(LinalgFixture.shared.triangularSolve[name])
        let (a, b) = (c.a.tensor(), c.b.tensor())
        try expectClose(c.solve(a, b), c.value, name)
        try expectClose(try jit { (a: Tensor, b: Tensor) in c.solve(a, b) }(a, b), c.value, "\(name) (jit)")
    }

    @Test(arguments: [false, true], [false, true])
    func solvesTheSystem(leftSide: Bool, transposeA: Bool) throws {
        let a = randomMatrices([2, 4, 4], seed: 3) + 4 * Tensor.eye(4)
        let b = randomMatrices(leftSide ? [2, 4, 3] : [2, 3, 4], seed: 4)
        let x = triangularSolve(a, b, leftSide: leftSide, lower: true, transposeA: transposeA)
        let lowerA = a * Tensor((0..<16).map { $0 % 4 <= $0 / 4 ? 1.0 : 0 }, shape: [4, 4], dtype: .float32)
        let op = transposeA ? matrixTranspose(lowerA) : lowerA
        try expectNear(leftSide ? matmul(op, x) : matmul(x, op), b, "op(a) x = b")
    }

    @Test func rejectsWhatJAXRejects() {
        let a = Tensor.eye(3)
        #expect(errorText(triangularSolve(Tensor.ones([3]), Tensor.ones([3]))).contains("a needs a batch of matrices"))
        #expect(errorText(triangularSolve(Tensor.ones([2, 3]), Tensor.ones([2, 3]))).contains("a needs square matrices"))
        #expect(errorText(triangularSolve(a, Tensor.ones([3, 2]))).contains("b of shape [3, 2] does not fit a of shape [3, 3] (right side)"))
        #expect(errorText(triangularSolve(a, Tensor.ones([2, 3]), leftSide: true)).contains("does not fit"))
        #expect(errorText(triangularSolve(Tensor.ones([2, 3, 3]), Tensor.ones([3, 3, 3]))).contains("does not fit"))
        #expect(errorText(triangularSolve(Tensor.eye(3, dtype: .int32), Tensor.ones([3, 3], dtype: .int32)))
            .contains("needs operands of one float type, not int32 and int32"))
        #expect(errorText(triangularSolve(a, Tensor.ones([3, 3], dtype: .float16))).contains("float32 and float16"))
    }
}

@Suite struct LinalgQRTests {
    @Test(arguments: LinalgFixture.shared.qr.keys.sorted())
    func matchesJAX(_ name: String) throws {
        let c = try #require(LinalgFixture.shared.qr[name])
        let a = c.a.tensor()
        if c.mode == "r" {
            try expectClose(qrR(a), c.r, name)
            try expectClose(try jit { (a: Tensor) in qrR(a) }(a), c.r, "\(name) (jit)")
            return
        }
        let mode: QRMode = c.mode == "complete" ? .complete : .reduced
        let (q, r) = qr(a, mode: mode)
        try expectClose(q, try #require(c.q), "\(name) q")
        try expectClose(r, c.r, "\(name) r")
        let jitted = try jit { (a: Tensor) in [qr(a, mode: mode).q, qr(a, mode: mode).r] }(a)
        try expectClose(jitted[0], try #require(c.q), "\(name) q (jit)")
        try expectClose(jitted[1], c.r, "\(name) r (jit)")
    }

    @Test(arguments: [[6, 6], [7, 4], [4, 7], [3, 5, 2]], [QRMode.reduced, .complete])
    func reconstructsWithOrthonormalColumns(shape: [Int], mode: QRMode) throws {
        let a = randomMatrices(shape, seed: 5)
        let (q, r) = qr(a, mode: mode)
        let (m, n) = (shape[shape.count - 2], shape[shape.count - 1])
        let k = mode == .complete ? m : Swift.min(m, n)
        #expect(q.shape == shape.dropLast(2) + [m, k] && r.shape == shape.dropLast(2) + [k, n])
        try expectNear(matmul(q, r), a, "q r")
        try expectNear(matmul(matrixTranspose(q), q), Tensor.eye(k).broadcast(to: shape.dropLast(2) + [k, k]), "qᵀ q")
        let below = try r.scalars(as: Float.self).enumerated().filter { index, _ in
            (index / n) % k > index % n
        }
        #expect(below.allSatisfy { $0.element == 0 }, "r is upper triangular")
    }

    @Test func emptyMatricesGiveJAXsShapes() throws {
        let (q, r) = qr(Tensor.zeros([3, 0]))
        #expect(q.shape == [3, 0] && r.shape == [0, 0])
        let complete = qr(Tensor.zeros([0, 3]), mode: .complete)
        #expect(complete.q.shape == [0, 0] && complete.r.shape == [0, 3])
        _ = try q.scalars(as: Float.self)
    }

    @Test func promotesIntegersAndRejectsWhatJAXRejects() throws {
        #expect(qr(Tensor([[1, 2], [3, 4]])).r.dtype == .float32)
        let message = errorText(qr(Tensor([1.0, 2])).q)
        #expect(message.contains("qr at XLATensorTests/LinalgTests.swift") && message.contains("not shape [2]"), "\(message)")
        #expect(errorText(qrR(Tensor.eye(2, dtype: .bfloat16))).contains("accepts float32 and float64"))
    }
}

/// The tested functions by fixture name: `sum(f(inputs) · weights)` is differentiated.
enum LinalgFunctions {
    static func named(_ name: String) -> ([Tensor]) -> Tensor {
        switch name {
        case "cholesky": return { cholesky($0[0]) }
        case "cholesky_upper_batched": return { cholesky($0[0], upper: true) }
        case "cholesky_lower_only": return { cholesky($0[0], symmetrizeInput: false) }
        case _ where name.hasPrefix("qr_reduced"): return { flattened(qr($0[0])) }
        case _ where name.hasPrefix("qr_complete"): return { flattened(qr($0[0], mode: .complete)) }
        default:
            // triangular_solve_left{0,1}_lower{0,1}_transpose{0,1}_unit{0,1}
            let flags = name.split(separator: "_").suffix(4).map { $0.last == "1" }
            return { triangularSolve($0[0], $0[1], leftSide: flags[0], lower: flags[1], transposeA: flags[2],
                                     unitDiagonal: flags[3]) }
        }
    }

    /// `q` and `r` as one vector.
    static func flattened(_ factors: (q: Tensor, r: Tensor)) -> Tensor {
        concatenate([factors.q.reshaped([factors.q.size]), factors.r.reshaped([factors.r.size])])
    }
}

@Suite struct LinalgGradientTests {
    @Test(arguments: LinalgFixture.shared.grads.keys.sorted())
    func matchesJAX(_ name: String) throws {
        let c = try #require(LinalgFixture.shared.grads[name])
        let (f, weights) = (LinalgFunctions.named(name), c.weights.tensor())
        let loss = { (x: [Tensor]) in (f(x) * weights).sum() }
        let inputs = c.inputs.map { $0.tensor() }
        let grads = grad(loss)(inputs)
        let jitted = try jit { (x: [Tensor]) in grad(loss)(x) }(inputs)
        for (index, expected) in c.grads.enumerated() {
            try expectClose(grads[index], expected, tolerance: 2e-5, "\(name) d/dx\(index)")
            try expectClose(jitted[index], expected, tolerance: 2e-5, "\(name) d/dx\(index) (jit)")
        }
    }

    let check = GradientCheckTests()

    @Test func choleskyAgainstFiniteDifferences() throws {
        let small = GradientCheckTests.Input(shape: [3, 3], range: -0.3...0.3)
        let shift = { 3 * Tensor.eye(3, dtype: .float64) }
        try check.check("cholesky", small) { cholesky($0 + shift()) }
        try check.check("cholesky upper", small) { cholesky($0 + shift(), upper: true) }
        try check.check("cholesky lower only", small) { cholesky($0 + shift(), symmetrizeInput: false) }
        try check.check("cholesky batched", GradientCheckTests.Input(shape: [2, 3, 3], range: -0.3...0.3)) {
            cholesky($0 + shift())
        }
    }

    @Test(arguments: [false, true], [false, true])
    func triangularSolveAgainstFiniteDifferences(leftSide: Bool, lower: Bool) throws {
        for (transposeA, unitDiagonal) in [(false, false), (true, false), (false, true), (true, true)] {
            let inputs = [GradientCheckTests.Input(shape: [3, 3], range: -0.5...0.5),
                          GradientCheckTests.Input(shape: leftSide ? [3, 2] : [2, 3])]
            try check.check("triangularSolve left \(leftSide) lower \(lower) transpose \(transposeA) unit \(unitDiagonal)",
                            inputs) {
                triangularSolve($0[0] + 3 * Tensor.eye(3, dtype: .float64), $0[1], leftSide: leftSide, lower: lower,
                                transposeA: transposeA, unitDiagonal: unitDiagonal)
            }
        }
    }

    @Test(arguments: [[4, 4], [5, 3], [3, 5], [2, 4, 3]], [QRMode.reduced, .complete])
    func qrAgainstFiniteDifferences(shape: [Int], mode: QRMode) throws {
        let (m, n) = (shape[shape.count - 2], shape[shape.count - 1])
        try check.check("qr \(shape) \(mode)", GradientCheckTests.Input(shape: shape, range: -0.5...0.5), rtol: 1e-5) {
            LinalgFunctions.flattened(qr($0 + 2 * Tensor.eye(m, n, dtype: .float64), mode: mode))
        }
    }

    @Test func forwardModeAndSecondOrder() throws {
        let a = positiveDefinite([3, 3], seed: 7)
        let t = randomMatrices([3, 3], seed: 8)
        let (_, tangent) = jvp({ cholesky($0) }, a, t)
        let step: Float = 1e-2
        let difference = (cholesky(a + step * t) - cholesky(a - step * t)) / (2 * step)
        try expectNear(tangent, difference, tolerance: 1e-3, "jvp against central differences")
        // A second derivative through both ops' rules: d/da of the gradient's sum.
        let hessianSum = grad { (a: Tensor) in grad { (a: Tensor) in (cholesky(a) * t).sum() }(a).sum() }(a)
        #expect(hessianSum.shape == [3, 3])
        #expect(try hessianSum.scalars(as: Float.self).allSatisfy(\.isFinite))
    }
}

@Suite struct LinalgVMapTests {
    /// `f` applied to each slice along the first axis, stacked.
    func loop(_ x: Tensor, _ f: (Tensor) -> Tensor) -> Tensor {
        stack((0..<x.shape[0]).map { f(x[TensorIndex.at($0)]) })
    }

    @Test func choleskyMapsLikeALoop() throws {
        let a = positiveDefinite([4, 2, 3, 3], seed: 11)
        try expectNear(vmap({ cholesky($0) })(a), loop(a) { cholesky($0) }, "vmap cholesky")
        try expectNear(try jit { (a: Tensor) in vmap({ cholesky($0, upper: true) })(a) }(a),
                       loop(a) { cholesky($0, upper: true) }, "jit vmap cholesky")
    }

    @Test func triangularSolveMapsLikeALoop() throws {
        let a = randomMatrices([3, 4, 4], seed: 12) + 4 * Tensor.eye(4)
        let b = randomMatrices([3, 4, 2], seed: 13)
        let solve = { (a: Tensor, b: Tensor) in triangularSolve(a, b, leftSide: true, lower: true, transposeA: true) }
        let both = vmap({ (p: [Tensor]) in solve(p[0], p[1]) })([a, b])
        try expectNear(both, stack((0..<3).map { solve(a[TensorIndex.at($0)], b[TensorIndex.at($0)]) }), "both batched")
        let onlyB = vmap({ (p: [Tensor]) in solve(p[0], p[1]) }, inAxes: [nil, 0])([a[0], b])
        try expectNear(onlyB, loop(b) { solve(a[0], $0) }, "b batched")
        let onlyA = vmap({ (p: [Tensor]) in solve(p[0], p[1]) }, inAxes: [0, nil])([a, b[0]])
        try expectNear(onlyA, loop(a) { solve($0, b[0]) }, "a batched")
    }

    @Test func qrMapsLikeALoop() throws {
        let a = randomMatrices([3, 5, 3], seed: 14)
        try expectNear(vmap({ qr($0).q })(a), loop(a) { qr($0).q }, "vmap q")
        try expectNear(vmap({ qr($0, mode: .complete).r })(a), loop(a) { qr($0, mode: .complete).r }, "vmap r")
    }

    @Test func gradientsMapBothWays() throws {
        let a = positiveDefinite([3, 3, 3], seed: 15)
        let loss = { (a: Tensor) in (cholesky(a) * Tensor([1.0, 2, 3])).sum() }
        let perExample = vmap({ grad(loss)($0) })(a)
        try expectNear(perExample, loop(a) { grad(loss)($0) }, "vmap(grad)")
        let ofMap = grad { (a: Tensor) in vmap({ loss($0) })(a).sum() }(a)
        try expectNear(ofMap, perExample, "grad(vmap)")
        let qrLoss = { (a: Tensor) in LinalgFunctions.flattened(qr(a)).sum() }
        let b = randomMatrices([2, 4, 3], seed: 16)
        try expectNear(vmap({ grad(qrLoss)($0) })(b), loop(b) { grad(qrLoss)($0) }, "vmap(grad(qr))")
    }
}

/// The examples in `Docs/LinearAlgebra.md` and the doc comments, as written there.
@Suite struct LinalgDocExampleTests {
    @Test func examplesHold() throws {
        let l = cholesky(Tensor([[2.0, 1], [1, 2]]))
        try expectClose(try l.scalars(as: Float.self).map(Double.init), [1.4142135, 0, 0.70710677, 1.2247449], "cholesky")
        let x = triangularSolve(Tensor([[2.0, 0], [1, 4]]), Tensor([[2.0], [9]]), leftSide: true, lower: true)
        #expect(try x.scalars(as: Float.self) == [1, 2])
        let (q, r) = qr(Tensor([[3.0, 1], [4, 2]]))
        try expectClose(try q.scalars(as: Float.self).map(Double.init), [-0.6, -0.8, -0.8, 0.6], "q")
        try expectClose(try r.scalars(as: Float.self).map(Double.init), [-5, -2.2, 0, 0.4], "r")
        let nan = cholesky(Tensor([[1.0, 2], [2, 1]]))
        #expect(try nan.scalars(as: Float.self).map { $0.isNaN } == [true, false, true, true])
    }
}

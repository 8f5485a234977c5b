import Testing
import XLATensor

/// Gradients through gathers (indexing, take, takeAlongAxis) and scatters
/// (`x.at[...]` updates) agree with jax.grad (0.11.2) and with finite
/// differences, including repeated and out-of-bounds positions.
@Suite struct GatherScatterGradTests {
    typealias Fixture = IndexingFixture

    static let positions = Tensor([Int32(0), 2, 2, -1, 6, -9])

    /// The fixture's functions of `(x, u)`, by case name.
    static func function(_ name: String) -> (Tensor, Tensor) -> Tensor {
        let i = positions
        switch name {
        case "index": return { x, _ in x[i] * 2 }
        case "index column": return { x, _ in x[.all, .array(Tensor([Int32(2), 0, 2]))] }
        case "get clip": return { x, _ in x.at[i].get(mode: .clip) }
        case "take fill": return { x, _ in take(x, i, axis: 0) }
        case "take along axis": return { x, _ in takeAlongAxis(x, Tensor([[Int32(2), 0], [1, 1], [0, 0], [2, 2]]), axis: 1) }
        case "add": return { x, u in x.at[i].add(u) }
        case "add clip": return { x, u in x.at[i].add(u, mode: .clip) }
        case "set": return { x, u in x.at[i].set(u) }
        case "set columns": return { x, u in x.at[.all, .array(Tensor([Int32(1), 1]))].set(u[.upTo(4), .upTo(2)]) }
        case "multiply operand": return { x, u in x.at[i].multiply(u) }
        case "max": return { x, u in x.at[i].max(u) }
        default: return { x, u in x.at[i].min(u) }
        }
    }

    static func loss(_ test: Fixture.GradCase) -> ([Tensor]) -> Tensor {
        let (f, w) = (function(test.name), test.w.tensor)
        return { p in (f(p[0], p[1]) * w).sum() }
    }

    @Test(arguments: Fixture.shared.grads)
    func gradMatchesJAX(_ test: Fixture.GradCase) throws {
        let gradient = grad(Self.loss(test))
        for (mode, g) in [("eager", gradient([test.x.tensor, test.u.tensor])),
                          ("jit", try jit { (x: Tensor, u: Tensor) in gradient([x, u]) }(test.x.tensor, test.u.tensor))] {
            if let dx = test.dx { Fixture.expect(g[0], dx, tolerance: 1e-6, "\(test.name) d/dx \(mode)") }
            if let du = test.du { Fixture.expect(g[1], du, tolerance: 1e-6, "\(test.name) d/du \(mode)") }
        }
    }

    /// Central differences of the loss along each element of argument `which`.
    static func finiteDifferences(_ loss: @escaping ([Tensor]) -> Tensor, _ point: [Tensor], _ which: Int) throws -> [Float] {
        let compiled = jit { (x: Tensor, u: Tensor) in loss([x, u]) }
        let values = try point[which].scalars(as: Float.self)
        let h: Float = 1e-2
        return try values.indices.map { index in
            var (plus, minus) = (values, values)
            plus[index] += h
            minus[index] -= h
            var (a, b) = (point, point)
            a[which] = Tensor(plus, shape: point[which].shape)
            b[which] = Tensor(minus, shape: point[which].shape)
            return (try compiled(a[0], a[1]).item(as: Float.self) - compiled(b[0], b[1]).item(as: Float.self)) / (2 * h)
        }
    }

    /// Includes the updates of a multiply with repeated positions, which
    /// jax.grad does not differentiate (it needs unique indices). (Not the
    /// default-mode gathers: out of bounds, JAX's gradient drops what the
    /// clamped forward pass read, and `fill` reads NaN.)
    @Test(arguments: ["add", "add clip", "set", "set columns", "multiply operand", "get clip", "take along axis"])
    func gradMatchesFiniteDifferences(_ name: String) throws {
        let test = try #require(Fixture.shared.grads.first { $0.name == name })
        let loss = Self.loss(test)
        let point = [test.x.tensor, test.u.tensor]
        let gradient = grad(loss)(point)
        for which in 0..<2 {
            let numeric = try Self.finiteDifferences(loss, point, which)
            let analytic = try gradient[which].scalars(as: Float.self)
            #expect(zip(analytic, numeric).allSatisfy { abs($0 - $1) <= 2e-2 * Swift.max(1, abs($1)) },
                    "\(name) argument \(which): \(analytic) vs \(numeric)")
        }
    }
}

extension GatherScatterGradTests {
    /// Forward mode (derived by transposing the reverse rules): for
    /// functions linear in `x`, `jvp` along `t` equals `f(x + t) - f(x)`
    /// (for the gathers, on the rows read in bounds: the last two positions
    /// are out of range, where the tangent is 0 while the value is clamped
    /// or NaN).
    @Test(arguments: ["index", "take fill", "set", "add", "multiply operand", "set columns"])
    func jvpOfLinearFunctionsIsTheDifference(_ name: String) throws {
        let test = try #require(Fixture.shared.grads.first { $0.name == name })
        let (x, u) = (test.x.tensor, test.u.tensor)
        let f = Self.function(name)
        let t = Tensor((0..<x.size).map { Float($0 % 5) - 2 }, shape: x.shape)
        let (_, tangent) = jvp({ (x: Tensor) in f(x, u) }, x, t)
        let difference = f(x + t, u) - f(x, u)
        let rows = name == "index" || name == "take fill" ? 4 : tangent.shape[0]
        let (a, b) = (try tangent[.upTo(rows)].scalars(as: Float.self), try difference[.upTo(rows)].scalars(as: Float.self))
        #expect(zip(a, b).allSatisfy { ($0.isNaN && $1.isNaN) || abs($0 - $1) <= 1e-5 * Swift.max(1, abs($1)) }, "\(a) vs \(b)")
    }
}

extension GatherScatterGradTests {
    /// Promising unique indices reaches the scatter and keeps the `set`
    /// gradient (its cheaper form) equal to the general one.
    @Test func uniqueIndicesPromiseKeepsTheSetGradient() throws {
        let x = Tensor((0..<12).map { Float($0) / 3 }, shape: [4, 3])
        let u = Tensor((0..<6).map { Float($0) - 2 }, shape: [2, 3])
        let i = Tensor([Int32(3), 1])
        let w = Tensor((0..<12).map { Float($0 % 4) - 1.5 }, shape: [4, 3])
        let general = grad { (p: [Tensor]) in (p[0].at[i].set(p[1]) * w).sum() }([x, u])
        let promised = grad { (p: [Tensor]) in (p[0].at[i].set(p[1], uniqueIndices: true) * w).sum() }([x, u])
        for k in 0..<2 {
            #expect(try general[k].scalars(as: Float.self) == promised[k].scalars(as: Float.self))
        }
        let text = try jit { (x: Tensor, u: Tensor) in x.at[i].set(u, indicesAreSorted: true, uniqueIndices: true) }
            .lower(x, u).stableHLO()
        #expect(text.contains("indices_are_sorted = true") && text.contains("unique_indices = true"), "\(text)")
    }
}

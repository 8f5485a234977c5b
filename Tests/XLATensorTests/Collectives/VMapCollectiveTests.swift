import Foundation
import Testing
import XLATensor

/// Collectives over named `vmap` axes equal the same computation written as
/// a loop over the batch.
@Suite struct VMapCollectiveTests {
    static let xs = Tensor((0..<12).map { Double($0) / 5 - 1 }, shape: [3, 4])

    func expectClose(_ a: Tensor, _ b: Tensor, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(a.shape == b.shape, sourceLocation: sourceLocation)
        let (x, y) = (try a.scalars(as: Float.self), try b.scalars(as: Float.self))
        #expect(zip(x, y).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($1)) }, "\(x) vs \(y)", sourceLocation: sourceLocation)
    }

    /// `row` repeated for each of the 3 examples.
    func everyExample(_ row: Tensor) -> Tensor { stack([row, row, row]) }

    @Test func reductionsEqualALoop() throws {
        let xs = Self.xs
        let rows = (0..<3).map { xs[TensorIndex.at($0)] }
        let sum = rows.dropFirst().reduce(rows[0], +)
        let max = rows.dropFirst().reduce(rows[0]) { maximum($0, $1) }
        let min = rows.dropFirst().reduce(rows[0]) { minimum($0, $1) }
        try expectClose(vmap({ (x: Tensor) in psum(x, axisName: "i") }, axisName: "i")(xs), everyExample(sum))
        try expectClose(vmap({ (x: Tensor) in pmean(x, axisName: "i") }, axisName: "i")(xs), everyExample(sum / 3))
        try expectClose(vmap({ (x: Tensor) in pmax(x, axisName: "i") }, axisName: "i")(xs), everyExample(max))
        try expectClose(vmap({ (x: Tensor) in pmin(x, axisName: "i") }, axisName: "i")(xs), everyExample(min))
        // Normalizing by the batch statistics, as cross-replica batch norm does, along axis 1 and under jit.
        let normalize = { (x: Tensor) in x - pmean(x, axisName: "batch") }
        let expected = xs - (sum / 3).expandingDimensions(axis: 0)
        try expectClose(vmap(normalize, inAxes: 1, outAxes: 1, axisName: "batch")(xs.transposed()), expected.transposed())
        try expectClose(try jit { (x: Tensor) in vmap(normalize, axisName: "batch")(x) }(xs), expected)
    }

    @Test func allGatherGivesEveryExampleTheWholeBatch() throws {
        let xs = Self.xs
        let gathered = vmap({ (x: Tensor) in allGather(x, axisName: "i") }, axisName: "i")(xs)
        try expectClose(gathered, everyExample(xs))
        let alongOne = vmap({ (x: Tensor) in allGather(x, axisName: "i", axis: 1) }, axisName: "i")(xs)
        try expectClose(alongOne, everyExample(xs.transposed()))
        // Each example's share of a sum over the batch.
        let scattered = vmap({ (x: Tensor) in psumScatter(stack([x, 2 * x, 3 * x]), axisName: "i") }, axisName: "i")(xs)
        let total = xs.sum(axes: [0])
        try expectClose(scattered, stack([total, 2 * total, 3 * total]))
    }

    @Test func nestedAxes() throws {
        let values: [Double] = (0..<24).map { Double($0) }
        let x = Tensor(values, shape: [2, 3, 4])
        let inner = { (row: Tensor) in [psum(row, axisName: "rows"), psum(row, axisName: "blocks"), pmax(pmax(row, axisName: "rows"), axisName: "blocks")] }
        let results = vmap(vmap(inner, axisName: "rows"), axisName: "blocks")(x)
        let (byRow, byBlock, both) = (results[0], results[1], results[2])
        try expectClose(byRow, x.sum(axes: [1]).expandingDimensions(axis: 1).broadcast(to: [2, 3, 4]))
        try expectClose(byBlock, x.sum(axes: [0]).expandingDimensions(axis: 0).broadcast(to: [2, 3, 4]))
        try expectClose(both, x.max(axes: [0, 1]).broadcast(to: [2, 3, 4]))
        let gathered = vmap(vmap({ (row: Tensor) in allGather(row, axisName: "blocks") }, axisName: "rows"), axisName: "blocks")(x)
        try expectClose(gathered, x.transposed([1, 0, 2]).expandingDimensions(axis: 0).broadcast(to: [2, 3, 2, 4]))
    }

    @Test func gradientsFollowJAX() throws {
        // Values from jax.vmap(jax.grad(...), axis_name="i") over [1, 2, 3].
        let xs = Tensor([1.0, 2, 3])
        let batched = { (f: @escaping (Tensor) -> Tensor) in vmap(grad(f), axisName: "i")(xs) }
        try expectClose(batched { psum($0, axisName: "i") }, Tensor([3.0, 3, 3]))
        try expectClose(batched { psum($0 * $0, axisName: "i") }, Tensor([6.0, 12, 18]))
        try expectClose(batched { pmean($0 * $0, axisName: "i") }, Tensor([2.0, 4, 6]))
        try expectClose(batched { allGather($0 * $0, axisName: "i").sum() }, Tensor([6.0, 12, 18]))
        try expectClose(batched { (allGather($0, axisName: "i") * Tensor([0.0, 1, 2])).sum() }, Tensor([0.0, 3, 6]))
    }

    @Test func anUnboundAxisIsATypedError() throws {
        let outside = psum(Tensor([1.0, 2]), axisName: "i")
        #expect(throws: TensorError.self) { try outside.scalars(as: Float.self) }
        do {
            _ = try vmap({ (x: Tensor) in psum(x, axisName: "j") }, axisName: "i")(Self.xs).scalars(as: Float.self)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("'j' is not bound"), "\(error)")
        }
        #expect(throws: TensorError.self) { try jit { (x: Tensor) in allGather(x, axisName: "k") }(Self.xs) }
    }
}

extension VMapCollectiveTests {
    @Test func valuesSharedByEveryExample() throws {
        // JAX: psum of an unbatched value is the value times the axis size.
        let xs = Self.xs
        try expectClose(vmap({ (x: Tensor) in psum(Tensor(2.0), axisName: "i") + 0 * x.sum() }, axisName: "i")(xs), Tensor([6.0, 6, 6]))
        try expectClose(vmap({ (_: [Tensor]) in axisIndex(axisName: "i").converted(to: .float32) }, inAxes: [], axisSize: 4, axisName: "i")([]),
                        Tensor([0.0, 1, 2, 3]))
    }
}

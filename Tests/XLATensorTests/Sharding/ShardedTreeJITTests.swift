import Testing
import XLATensor

/// The tree form of `jit(inShardings:outShardings:)`: arguments and results
/// of the tree types the unsharded `jit` takes, laid out by one sharding per
/// tree or one per leaf, on 4 CPU devices, against the unsharded `jit`.
@Suite struct ShardedTreeJITTests {
    /// A layer's parameters as a tree.
    struct Layer: TensorTree {
        var w: Tensor
        var b: Tensor
    }

    /// What a step returns: the next parameters and the loss.
    struct StepOutput: TensorTree {
        var next: Layer
        var loss: Tensor
    }

    /// One SGD step of a tanh layer on squared error, on trees (a struct
    /// and a dictionary in, a struct of a struct and a tensor out).
    static func step(_ layer: Layer, _ batch: [String: Tensor]) -> StepOutput {
        let (loss, gradient) = valueAndGrad { (layer: Layer) in
            let error = tanh(matmul(batch["x"]!, layer.w) + layer.b) - batch["y"]!
            return (error * error).mean()
        }(layer)
        return StepOutput(next: Layer(w: layer.w - 0.1 * gradient.w, b: layer.b - 0.1 * gradient.b), loss: loss)
    }

    /// The batch's rows split over "data", the parameters replicated: the
    /// devices' gradients are all-reduced, another summation order than one
    /// device's 16-row sums: rtol 1e-6.
    @Test func aDataParallelStepOnTreesEqualsTheUnshardedJit() throws {
        let mesh = try Mesh(cpuAxes: [("data", 4)])
        let rows = try NamedSharding(mesh, PartitionSpec("data", nil)), whole = try NamedSharding(mesh, PartitionSpec())
        let sharded = jit(inShardings: [.all(whole), .all(rows)], outShardings: .all(whole), Self.step)
        let layer = Layer(w: ShardedJITTests.ramp(8, 3), b: Tensor([0.25, -0.5, 0.75]))
        let batch = ["x": ShardedJITTests.ramp(16, 8, offset: 2), "y": ShardedJITTests.ramp(16, 3, offset: 5)]
        let expected = try jit(Self.step)(layer, batch)
        let actual = try sharded(layer, batch)
        for (name, a, e) in [("w", actual.next.w, expected.next.w), ("b", actual.next.b, expected.next.b),
                             ("loss", actual.loss, expected.loss)] {
            #expect(a.shape == e.shape, "\(name)")
            let (x, y) = (try a.scalars(as: Float.self), try e.scalars(as: Float.self))
            #expect(zip(x, y).allSatisfy { abs($0 - $1) <= 1e-6 * max(1, abs($1)) }, "\(name): \(x) vs \(y)")
        }
    }

    /// Per-leaf layouts in and out: an elementwise function is exact, and
    /// every leaf carries its own annotation.
    @Test func perLeafShardingsLayEachLeafOutAsGiven() throws {
        let mesh = try Mesh(cpuAxes: [("data", 2), ("model", 2)])
        let rows = try NamedSharding(mesh, PartitionSpec("data", nil)), columns = try NamedSharding(mesh, PartitionSpec(nil, "model"))
        let f = jit(inShardings: [.leaves([rows, columns])], outShardings: .leaves([columns, rows])) { (pair: [Tensor]) in
            [pair[0] * 2 + pair[1], tanh(pair[1])]
        }
        let x = ShardedJITTests.ramp(4, 6), y = ShardedJITTests.ramp(4, 6, offset: 3)
        let result = try f([x, y])
        #expect(try result[0].scalars(as: Float.self) == (x * 2 + y).scalars(as: Float.self))
        #expect(try result[1].scalars(as: Float.self) == tanh(y).scalars(as: Float.self))
        let text = try f.lower([x, y])
        let rowsText = "#sdy.sharding<@mesh, [{\"data\"}, {}]>", columnsText = "#sdy.sharding<@mesh, [{}, {\"model\"}]>"
        #expect(text.components(separatedBy: rowsText).count == 3, "argument 0 and result 1 by rows")
        #expect(text.components(separatedBy: columnsText).count == 3, "argument 1 and result 0 by columns")
    }

    @Test func shardingsThatDoNotFitTheTreesAreTypedErrors() throws {
        let mesh = try Mesh(cpuAxes: [("data", 4)])
        let rows = try NamedSharding(mesh, PartitionSpec("data", nil))
        let x = ShardedJITTests.ramp(8, 2)
        let oneForTwo = jit(inShardings: [.all(rows)], outShardings: .all(rows)) { (a: Tensor, b: Tensor) in a + b }
        #expect(throws: TensorError.self) { try oneForTwo(x, x) }
        let twoForThree = jit(inShardings: [.leaves([rows, rows])], outShardings: .all(rows)) { (xs: [Tensor]) in xs[0] }
        #expect(throws: TensorError.self) { try twoForThree([x, x, x]) }
        let oneForTwoResults = jit(inShardings: [.all(rows)], outShardings: .leaves([rows])) { (a: Tensor) in [a, a] }
        #expect(throws: TensorError.self) { try oneForTwoResults(x) }
        #expect(try twoForThree([x, x]).scalars(as: Float.self) == x.scalars(as: Float.self), "a fitting call still works")
    }
}

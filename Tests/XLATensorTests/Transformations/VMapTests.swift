import Foundation
import Testing
import XLATensor

/// vmap equals a loop over the batch.
@Suite struct VMapTests {
    /// `function` applied to each slice of `input` along `axis`, stacked along `outAxis`.
    func loop(_ function: (Tensor) -> Tensor, _ input: Tensor, axis: Int = 0, outAxis: Int = 0) -> Tensor {
        let examples = (0..<input.shape[axis]).map { index -> Tensor in
            var indices: [TensorIndex] = Array(repeating: .all, count: input.rank)
            indices[axis] = .at(index)
            return function(input[indices])
        }
        return stack(examples, axis: outAxis)
    }

    func expectClose(_ a: Tensor, _ b: Tensor) throws {
        #expect(a.shape == b.shape)
        let (x, y) = (try a.scalars(as: Float.self), try b.scalars(as: Float.self))
        #expect(zip(x, y).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($1)) }, "\(x) vs \(y)")
    }

    nonisolated(unsafe) static let functions: [(name: String, function: (Tensor) -> Tensor)] = [
        ("elementwise and literals", { tanh($0) * 2 + exp(-$0) }),
        ("broadcast against a constant", { $0 + Tensor([1.0, 2, 3, 4]) }),
        ("reductions", { $0.sum(axes: [0]) + $0.max() }),
        ("softmax", { softmax($0, axis: -1) }),
        ("reshape and transpose", { $0.reshaped([2, 2]).transposed().reshaped([4]) }),
        ("slicing and reversing", { concatenate([$0[TensorIndex.range(1..<3)], $0[TensorIndex.every(-1)]]) }),
        ("matmul with a shared matrix", { matmul($0, Tensor([[1.0, 0], [0, 1], [1, 1], [2, -1]])) }),
        ("outer product", { matmul($0.expandingDimensions(axis: 1), $0.expandingDimensions(axis: 0)).sum(axes: [1]) }),
        ("argmax and select", { select($0 .> 0.5, $0, $0 * 0).converted(to: .float32) + $0.argmax(axis: 0).converted(to: .float32) }),
    ]

    @Test(arguments: functions.indices)
    func vmapEqualsALoop(index: Int) throws {
        let (name, function) = VMapTests.functions[index]
        let values: [Double] = (0..<12).map { Double($0) / 7 - 0.4 }
        let batch = Tensor(values, shape: [3, 4])
        try expectClose(vmap(function)(batch), loop(function, batch))
        // Batch along axis 1, output along axis 1 (the output may be 1-D per example).
        let transposed = batch.transposed()
        let outAxis = function(batch[0]).rank >= 1 ? 1 : 0
        try expectClose(vmap(function, inAxes: 1, outAxes: outAxis)(transposed), loop(function, transposed, axis: 1, outAxis: outAxis))
        // Under jit.
        try expectClose(try jit { (x: Tensor) in vmap(function)(x) }(batch), loop(function, batch))
        _ = name
    }

    @Test func matmulOfTwoBatchedOperands() throws {
        let aValues: [Double] = (0..<24).map { Double($0) / 10 }
        let a = Tensor(aValues, shape: [2, 3, 4])
        let bValues: [Double] = (0..<16).map { Double($0) / 5 - 1 }
        let b = Tensor(bValues, shape: [2, 4, 2])
        let batched = vmap({ (p: [Tensor]) in matmul(p[0], p[1]) })([a, b])
        try expectClose(batched, matmul(a, b))
    }

    @Test func perExampleGradients() throws {
        let w = Tensor([0.5, -1.0, 2.0])
        let xs = Tensor([[1.0, 2, 3], [0, 1, 0], [-1, 0.5, 2]])
        let loss = { (w: Tensor, x: Tensor) in tanh((w * x).sum()) * tanh((w * x).sum()) }
        let perExample = vmap({ (x: Tensor) in grad({ (w: Tensor) in loss(w, x) })(w) })(xs)
        let looped = stack((0..<3).map { (index: Int) -> Tensor in grad({ (w: Tensor) in loss(w, xs[TensorIndex.at(index)]) })(w) })
        try expectClose(perExample, looped)
    }

    @Test func unbatchedLeavesAndAxisSize() throws {
        let f = vmap({ (p: [Tensor]) in p[0] * p[1] }, inAxes: [0, nil])
        try expectClose(f([Tensor([1.0, 2, 3]), Tensor(10.0)]), Tensor([10.0, 20, 30]))
        let constant = vmap({ (_: [Tensor]) in Tensor([1.0, 2]) }, inAxes: [], axisSize: 3)([])
        #expect(constant.shape == [3, 2])
    }

    @Test func nestedVMap() throws {
        let xValues: [Double] = (0..<24).map { Double($0) }
        let x = Tensor(xValues, shape: [2, 3, 4])
        let nested = vmap(vmap({ (row: Tensor) in row.sum() }))(x)
        try expectClose(nested, x.sum(axes: [2]))
    }

    @Test func errorsNameTheProblem() {
        let mismatched = vmap({ (p: [Tensor]) in p[0] + p[1] })([Tensor([1.0, 2]), Tensor([1.0, 2, 3])])
        let error = #expect(throws: TensorError.self) { try mismatched.scalars(as: Float.self) }
        #expect(error?.description.contains("different sizes") == true)
    }
}

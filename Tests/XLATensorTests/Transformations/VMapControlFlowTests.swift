import Foundation
import Testing
@testable import XLATensor

/// vmap through control flow and dynamic slicing equals a loop over the batch.
@Suite struct VMapControlFlowTests {
    let base = VMapTests()
    let x = Tensor((0..<12).map { Double($0) / 5 - 1.1 }, shape: [4, 3])

    /// `function` of each row of `input` (along `axis`), stacked along `outAxis`.
    func loop(_ function: (Tensor) -> Tensor, _ input: Tensor, axis: Int = 0, outAxis: Int = 0) -> Tensor {
        base.loop(function, input, axis: axis, outAxis: outAxis)
    }

    /// vmap of `function` equals the loop, batched along 0 and along 1.
    func expectMapsLikeALoop(_ function: @escaping (Tensor) -> Tensor, _ input: Tensor, exact: Bool = false) throws {
        let transposed = input.transposed()
        for (batch, axis) in [(input, 0), (transposed, 1)] {
            let outAxis = function(input[TensorIndex.at(0)]).rank >= 1 ? axis : 0
            let mapped = vmap(function, inAxes: axis, outAxes: outAxis)(batch)
            let looped = loop(function, batch, axis: axis, outAxis: outAxis)
            if exact {
                #expect(mapped.shape == looped.shape)
                #expect(try mapped.scalars(as: Int32.self) == looped.scalars(as: Int32.self))
            } else {
                try base.expectClose(mapped, looped)
            }
        }
    }

    @Test func condWithABatchedPredicate() throws {
        try expectMapsLikeALoop({ x in cond(x.sum() .> 0, { x * 2 + 1 }, { exp(x) - x.max() }) }, x)
        // One branch returns an unbatched value.
        try expectMapsLikeALoop({ x in cond(x[TensorIndex.at(0)] .> -0.5, { x * 3 }, { Tensor([1.0, 2, 3]) }) }, x)
    }

    @Test func condWithASharedPredicate() throws {
        for flag in [1.0, -1.0] {
            let f = vmap({ (p: [Tensor]) in cond(p[1] .> 0, { p[0] * p[1] }, { Tensor([0.5, 0, 1]) }) }, inAxes: [0, nil])
            try base.expectClose(f([x, Tensor(flag)]), loop({ row in cond(Tensor(flag) .> 0, { row * Tensor(flag) }, { Tensor([0.5, 0, 1]) }) }, x))
        }
    }

    @Test func switchBranchWithBatchedAndSharedIndices() throws {
        let values = Tensor([Int32(3), -2, 7, 0, 5, 1, -1, 4, 2, 9, 6, 8], shape: [4, 3])
        let branches: (Tensor) -> [() -> Tensor] = { x in [{ x + 1 }, { x * x }, { x - 10 }] }
        // Batched index, out-of-range values clamped by switchBranch.
        try expectMapsLikeALoop({ x in switchBranch(x.sum() - 8, branches(x)) }, values, exact: true)
        for index in 0..<3 {
            let f = vmap({ (p: [Tensor]) in switchBranch(p[1], branches(p[0])) }, inAxes: [0, nil])
            let mapped = f([values, Tensor(Int32(index))])
            let looped = loop({ switchBranch(Tensor(Int32(index)), branches($0)) }, values)
            #expect(try mapped.scalars(as: Int32.self) == looped.scalars(as: Int32.self))
        }
    }

    @Test func whileLoopWithBatchedTripCounts() throws {
        // Integers: 2^n by doubling n times, n per example.
        let counts = Tensor([Int32(0), 3, 1, 5])
        let doubling = { (n: Tensor) -> Tensor in
            whileLoop([Tensor(Int32(0)), Tensor(Int32(1))], condition: { $0[0] .< n }, body: { [$0[0] + 1, $0[1] * 2] })[1]
        }
        let mapped = vmap(doubling)(counts)
        #expect(try mapped.scalars(as: Int32.self) == [1, 8, 2, 32])
        // Floats: a predicate on the carried values themselves.
        try expectMapsLikeALoop({ x in whileLoop(x, condition: { $0.sum() .< 4 }, body: { abs($0) * 1.5 + 0.2 }) }, x)
    }

    @Test func carriesThatBecomeBatchedInTheBody() throws {
        // The accumulator starts shared and becomes batched through `x`.
        try expectMapsLikeALoop({ x in forLoop(0, 4, Tensor([0.0, 0, 0])) { i, acc in acc * 0.5 + x * i.converted(to: .float32) } }, x)
    }

    @Test func scanOverBatchedSequences() throws {
        let sequences = Tensor((0..<24).map { Double($0) / 10 - 1 }, shape: [2, 4, 3])
        for reverse in [false, true] {
            // Batched xs, shared initial carry.
            let shared = { (xs: Tensor) -> Tensor in
                let (carry, ys) = scan(Tensor([1.0, 1, 1]), xs, reverse: reverse) { c, x in (tanh(c * x + 0.1), c.sum() + x) }
                return concatenate([carry, ys.reshaped([12])])
            }
            let mapped = vmap(shared)(sequences)
            try base.expectClose(mapped, stack((0..<2).map { shared(sequences[TensorIndex.at($0)]) }))
            // Batched along axis 1 of the sequences (time stays first per example), output along 1.
            let alongOne = vmap(shared, inAxes: 1, outAxes: 1)(sequences.transposed([1, 0, 2]))
            try base.expectClose(alongOne, mapped.transposed())
            // Batched carry and shared xs.
            let xs = sequences[TensorIndex.at(0)]
            let carried = { (c: Tensor) -> Tensor in
                scan(c, xs, reverse: reverse) { c, x in (c * 0.9 + x, c.max()) }.ys
            }
            try expectMapsLikeALoop(carried, x[TensorIndex.range(0..<3)])
        }
    }

    @Test func dynamicSlicingAtBatchedIndices() throws {
        let table = Tensor((0..<20).map { Double($0) }, shape: [4, 5])
        let starts = Tensor([Int32(3), 0, 9, -1])
        let slice = { (t: Tensor, i: Tensor) -> Tensor in
            Tensor.apply(.dynamicSlice, [t, Tensor(Int32(1)), i], attributes: ["slice_sizes": .ints([2, 3])],
                         fallback: TensorType(t.dtype, [2, 3]))
        }
        let update = { (t: Tensor, u: Tensor, i: Tensor) -> Tensor in
            Tensor.apply(.dynamicUpdateSlice, [t, u, i, Tensor(Int32(2))], fallback: t.type)
        }
        let blocks = Tensor((0..<16).map { Double($0) * -1 }, shape: [4, 2, 2])
        let tables = stack([table, table * 2, table + 1, -table])
        let each = (0..<4).map { TensorIndex.at($0) }
        // Shared operand, batched indices; batched operand and indices; update with both batched.
        try base.expectClose(vmap({ (i: Tensor) in slice(table, i) })(starts), stack(each.map { slice(table, starts[$0]) }))
        try base.expectClose(vmap({ (p: [Tensor]) in slice(p[0], p[1]) })([tables, starts]),
                             stack(each.map { slice(tables[$0], starts[$0]) }))
        try base.expectClose(vmap({ (p: [Tensor]) in update(p[0], p[1], p[2]) }, inAxes: [nil, 0, 0])([table, blocks, starts]),
                             stack(each.map { update(table, blocks[$0], starts[$0]) }))
        try base.expectClose(vmap({ (p: [Tensor]) in update(p[0], p[1], p[2]) }, inAxes: [0, nil, 0], outAxes: 2)(
            [tables, blocks[TensorIndex.at(1)], starts]),
                             stack(each.map { update(tables[$0], blocks[1], starts[$0]) }, axis: 2))
        // Inside a loop whose predicate is batched, the counter is batched: a table lookup at it.
        let lookups = { (n: Tensor) -> Tensor in
            whileLoop([Tensor(Int32(0)), Tensor([0.0, 0, 0, 0, 0])], condition: { $0[0] .< n }) { s in
                [s[0] + 1, s[1] + table.dynamicSlice(at: s[0], place: nil)]
            }[1]
        }
        let counts = Tensor([Int32(2), 0, 4, 1])
        try base.expectClose(vmap(lookups)(counts), stack(each.map { lookups(counts[$0]) }))
    }

    @Test func vmapInsideJitAndJitInsideVMap() throws {
        let f = { (x: Tensor) in cond(x.sum() .> 0, { forLoop(0, 3, x) { _, y in y * 1.1 } }, { -x }) }
        let looped = loop(f, x)
        try base.expectClose(try jit { (x: Tensor) in vmap(f)(x) }(x), looped)
        try base.expectClose(vmap({ (x: Tensor) in (try? jit(f)(x)) ?? x })(x), looped)
    }

    @Test func perExampleGradientsThroughControlFlow() throws {
        let w = Tensor([0.5, -1.0, 2.0])
        let loss = { (w: Tensor, x: Tensor) -> Tensor in
            let h = forLoop(0, 3, w) { _, h in tanh(h * x + 0.1) }
            let (c, ys) = scan(h, stack([x, -x])) { c, x in (c * x, (c * x).sum()) }
            return cond(x.sum() .> 0, { (c * c).sum() + ys.sum() }, { ys.sum() * 3 })
        }
        let perExample = vmap({ (x: Tensor) in grad({ (w: Tensor) in loss(w, x) })(w) })(x)
        try base.expectClose(perExample, stack((0..<4).map { (index: Int) -> Tensor in grad({ (w: Tensor) in loss(w, x[TensorIndex.at(index)]) })(w) }))
    }

    @Test func gradientsOfVMapThroughLoops() throws {
        // The batched loops keep their trip_count, which reverse mode needs.
        let w = Tensor([0.5, -1.0, 2.0])
        let f = { (w: Tensor, x: Tensor) -> Tensor in
            let h = forLoop(0, 3, x) { _, h in tanh(h * w + 0.1) }
            return scan(h, stack([x, -x]), reverse: true) { c, x in (c * x + w, (c * w).sum()) }.ys.sum()
        }
        let batched = grad({ (w: Tensor) in vmap({ (x: Tensor) in f(w, x) })(x).sum() })(w)
        let looped = (0..<4).map { (index: Int) -> Tensor in grad({ (w: Tensor) in f(w, x[TensorIndex.at(index)]) })(w) }
        try base.expectClose(batched, stack(looped).sum(axes: [0]))
    }
}

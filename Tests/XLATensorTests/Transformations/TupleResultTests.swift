import Testing
import XLARuntime
import XLATensor

/// Several results as a Swift tuple from `jit`, `scan` and `vmap`, equal to
/// the same results returned through a hand-written struct.
@Suite struct TupleResultTests {
    /// Two results, as a struct with a hand-written `mapTensors` returns them.
    struct Pair: TensorTree {
        var first: Tensor
        var second: Tensor

        func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> Pair {
            Pair(first: try transform(first), second: try transform(second))
        }
    }

    /// A step's parameters, buffers and loss, as a struct returns them.
    struct Step: TensorTree {
        var params: [String: Tensor]
        var history: [Tensor]
        var loss: Tensor

        func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> Step {
            Step(params: try params.mapTensors(transform), history: try history.mapTensors(transform),
                 loss: try transform(loss))
        }
    }

    let x = Tensor([1.0, -2, 3])
    let params = ["b": Tensor([0.5]), "w": Tensor([2.0, 1, -1])]

    @Test func jitWithTwoResultsMatchesTheStructSpelling() throws {
        let tuple = jit { (x: Tensor) in (tanh(x) * 2, x.sum()) }
        let packed = jit { (x: Tensor) in Pair(first: tanh(x) * 2, second: x.sum()) }
        let (scaled, sum) = try tuple(x)
        let expected = try packed(x)
        #expect(try scaled.scalars(as: Float.self) == expected.first.scalars(as: Float.self))
        #expect(try sum.scalars(as: Float.self) == expected.second.scalars(as: Float.self))
        // One name for the whole tuple: annotated as a tuple, or the packed tree's elements.
        let both: (Tensor, Tensor) = try tuple(x)
        #expect(try both.1.scalars(as: Float.self) == [2])
        #expect(try tuple(x).elements.1.scalars(as: Float.self) == [2])
        #expect(tuple.compiledCount == 1)
    }

    @Test func jitWithThreeResultsOfNestedTreesMatchesTheStructSpelling() throws {
        func update(_ params: [String: Tensor], _ x: Tensor) -> ([String: Tensor], [Tensor], Tensor) {
            let loss = (params["w"]! * x).sum() + params["b"]!.sum()
            return (params.mapValues { $0 - 0.1 * loss }, [x * loss, x], loss)
        }
        let tuple = jit { (params: [String: Tensor], x: Tensor) in
            let (next, history, loss) = update(params, x)
            return (next, history, loss)
        }
        let packed = jit { (params: [String: Tensor], x: Tensor) -> Step in
            let (next, history, loss) = update(params, x)
            return Step(params: next, history: history, loss: loss)
        }
        let (next, history, loss) = try tuple(params, x)
        let expected = try packed(params, x)
        #expect(next.keys.sorted() == ["b", "w"])
        for key in ["b", "w"] {
            #expect(try next[key]!.scalars(as: Float.self) == expected.params[key]!.scalars(as: Float.self))
        }
        #expect(try history.map { try $0.scalars(as: Float.self) } == expected.history.map { try $0.scalars(as: Float.self) })
        #expect(try loss.scalars(as: Float.self) == expected.loss.scalars(as: Float.self))
        #expect(try loss.scalars(as: Float.self) == [-2.5])
    }

    @Test func aTupleResultJitLowersDonatesAndTracesInline() throws {
        let step = jit(donating: [0]) { (state: Tensor, x: Tensor) in (state + x, (state * x).sum()) }
        #expect(try step.lower(x, x).stableHLO().contains("stablehlo.add"))
        let (first, _) = try step(Tensor([1.0, 1, 1]), x)
        let (next, dot) = try step(first, x)
        #expect(try next.scalars(as: Float.self) == [3, -3, 7])
        #expect(try dot.scalars(as: Float.self) == [16])
        #expect(throws: TensorError.self) { try first.scalars(as: Float.self) }
        // Inside another jit, traced inline.
        let outer = jit { (x: Tensor) in
            let (a, b) = try step(x, x)
            return a + b
        }
        #expect(try outer(x).scalars(as: Float.self) == [16, 10, 20])
    }

    @Test func scanWithATupleCarryMatchesTheStructSpelling() throws {
        let xs = Tensor([1.0, 2, 3, 4])
        let ((total, count), means) = scan((Tensor(Float(0)), Tensor(Float(0))), xs) { carry, x in
            let (total, count) = carry
            return ((total + x, count + 1), (total + x) / (count + 1))
        }
        let (packed, expected) = scan(Pair(first: Tensor(Float(0)), second: Tensor(Float(0))), xs) { (carry: Pair, x: Tensor) in
            let total = carry.first + x
            return (Pair(first: total, second: carry.second + 1), total / (carry.second + 1))
        }
        #expect(try total.scalars(as: Float.self) == packed.first.scalars(as: Float.self))
        #expect(try count.scalars(as: Float.self) == [4])
        #expect(try means.scalars(as: Float.self) == expected.scalars(as: Float.self))
        #expect(try means.scalars(as: Float.self) == [1, 1.5, 2, 2.5])
    }

    @Test func scanWithTupleOutputsAndATripleCarry() throws {
        let xs = Tensor([[1.0, 2], [3, 4], [5, 6]])
        let (last, (sums, rows)) = scan(Tensor.zeros([2]), xs) { carry, x in (carry + x, ((carry + x).sum(), x)) }
        let (packed, expected) = scan(Tensor.zeros([2]), xs) { carry, x in (carry + x, Pair(first: (carry + x).sum(), second: x)) }
        #expect(try last.scalars(as: Float.self) == packed.scalars(as: Float.self))
        #expect(try sums.scalars(as: Float.self) == expected.first.scalars(as: Float.self))
        #expect(rows.shape == [3, 2])
        #expect(try rows.scalars(as: Float.self) == xs.scalars(as: Float.self))
        let zero = Tensor(Float(0))
        let ((a, b, c), (ys, zs)) = scan((zero, zero, [zero]), xs, reverse: true) { carry, x in
            ((carry.0 + x[0], carry.1 + x[1], [carry.2[0] + 1]), (carry.0, x.sum()))
        }
        #expect(try a.scalars(as: Float.self) == [9])
        #expect(try b.scalars(as: Float.self) == [12])
        #expect(try c[0].scalars(as: Float.self) == [3])
        #expect(try ys.scalars(as: Float.self) == [8, 5, 0])
        #expect(try zs.scalars(as: Float.self) == [3, 7, 11])
        let ((d, e, f), single) = scan((zero, zero, [zero]), xs) { carry, x in
            ((carry.0 + x[0], carry.1, carry.2), carry.0)
        }
        #expect(try [d, e, f[0]].map { try $0.scalars(as: Float.self) } == [[9], [0], [0]])
        #expect(try single.scalars(as: Float.self) == [0, 1, 4])
    }

    @Test func vmapWithTupleOutputsMatchesTheStructSpelling() throws {
        let matrix = Tensor([[1.0, 5, 2], [-1, 0, -3]])
        let (sums, maxima) = vmap { (row: Tensor) in (row.sum(), row.max()) }(matrix)
        let expected = vmap { (row: Tensor) in Pair(first: row.sum(), second: row.max()) }(matrix)
        #expect(try sums.scalars(as: Float.self) == expected.first.scalars(as: Float.self))
        #expect(try maxima.scalars(as: Float.self) == expected.second.scalars(as: Float.self))
        #expect(try maxima.scalars(as: Float.self) == [5, 0])
        let (columnSums, doubled) = vmap({ (column: Tensor) in (column.sum(), column * 2) }, inAxes: [1])(matrix)
        #expect(try columnSums.scalars(as: Float.self) == [0, 5, -1])
        #expect(try doubled.scalars(as: Float.self) == (matrix * 2).transposed().scalars(as: Float.self))
    }
}

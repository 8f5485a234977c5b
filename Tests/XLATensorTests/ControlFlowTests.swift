import Testing
import XLATensor

/// Control flow traced into IR regions, eagerly and inside jit.
@Suite struct ControlFlowTests {
    @Test func whileLoopRunsEagerly() throws {
        let y = whileLoop(Tensor([1.0, 2]), condition: { $0.sum() .< 100 }, body: { $0 * 2 })
        #expect(try y.scalars(as: Float.self) == [64, 128])
    }

    @Test func forLoopCountsWithAnInt32Index() throws {
        let total = forLoop(0, 5, Tensor(0)) { i, total in total + i }
        #expect(total.dtype == .int32)
        #expect(try total.item(as: Int32.self) == 10)
    }

    @Test func condPicksOneBranch() throws {
        let x = Tensor([1.0, -2])
        let f = jit { (x: Tensor) in cond(x.sum() .> 0, { x * 10 }, { -x }) }
        #expect(try f(x).scalars(as: Float.self) == [-1, 2])
        #expect(try f(Tensor([3.0, 4])).scalars(as: Float.self) == [30, 40])
        #expect(f.compiledCount == 1)
    }

    @Test func switchBranchClampsItsIndex() throws {
        let branches: [() -> Tensor] = [{ Tensor(10.0) }, { Tensor(20.0) }, { Tensor(30.0) }]
        #expect(try switchBranch(Tensor(Int32(1)), branches).item(as: Float.self) == 20)
        #expect(try switchBranch(Tensor(Int32(7)), branches).item(as: Float.self) == 30)
        #expect(try switchBranch(Tensor(Int32(-3)), branches).item(as: Float.self) == 10)
    }

    @Test func scanCarriesAndStacks() throws {
        let xs = Tensor([1.0, 2, 3, 4])
        let (total, partials) = scan(Tensor(0.0), xs) { carry, x in (carry + x, carry + x) }
        #expect(try total.item(as: Float.self) == 10)
        #expect(try partials.scalars(as: Float.self) == [1, 3, 6, 10])
        let (_, reversed) = scan(Tensor(0.0), xs, reverse: true) { carry, x in (carry + x, carry + x) }
        #expect(try reversed.scalars(as: Float.self) == [10, 9, 7, 4])
    }

    @Test func scanOverRowsOfAMatrixInsideJIT() throws {
        let f = jit { (w: Tensor, xs: Tensor) -> [Tensor] in
            let (h, hs) = scan(Tensor.zeros([2]), xs) { h, x in
                let next = tanh(matmul(x, w) + h)
                return (next, next)
            }
            return [h, hs]
        }
        let out = try f(Tensor([[0.5, -0.5], [0.25, 1]]), Tensor([[1.0, 0], [0, 1], [1, 1]]))
        #expect(out[1].shape == [3, 2])
        let hs = try out[1].scalars(as: Float.self)
        let last = try out[0].scalars(as: Float.self)
        #expect(Array(hs.suffix(2)) == last)
    }

    @Test func loopBodyWithWrongTypesIsAnError() {
        let y = whileLoop(Tensor([1.0, 2]), condition: { $0.sum() .< 100 }, body: { $0.sum() })
        let error = #expect(throws: TensorError.self) { try y.scalars(as: Float.self) }
        #expect(error?.description.contains("the body returns") == true)
    }

    @Test func branchesMustAgree() {
        let error = #expect(throws: TensorError.self) {
            try cond(Tensor(true), { Tensor([1.0]) }, { Tensor([1.0, 2]) }).scalars(as: Float.self)
        }
        #expect(error?.description.contains("branch 1") == true)
    }
}

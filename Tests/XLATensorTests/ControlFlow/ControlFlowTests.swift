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

/// Edge cases found in review.
@Suite struct ControlFlowEdgeTests {
    @Test func aScanOfLengthZeroReturnsTheCarryAndNoOutputs() throws {
        let (carry, ys) = scan(Tensor(Float(1)), Tensor.zeros([0, 2])) { c, x in (c + x.sum(), x * 2) }
        #expect(try carry.item(as: Float.self) == 1)
        #expect(ys.shape == [0, 2])
    }

    @Test func aCondResultIsWeakOnlyIfEveryBranchIsWeak() throws {
        let strong = Tensor(Float(1))
        #expect(!cond(Tensor(true), { strong }, { Tensor(2.0) }).isWeak)
        #expect(!cond(Tensor(true), { Tensor(2.0) }, { strong }).isWeak)
        #expect(cond(Tensor(true), { Tensor(2.0) }, { Tensor(3.0) }).isWeak)
    }

    @Test func forLoopBoundsOutsideInt32AreAnError() {
        let result = forLoop(0, 3_000_000_000, Tensor(Float(0))) { _, x in x + 1 }
        #expect(throws: TensorError.self) { try result.item(as: Float.self) }
    }

    @Test func vmapOutputAxisOutOfRangeIsAnError() {
        let out = vmap({ (x: Tensor) in x * 2 }, outAxes: 5)(Tensor.zeros([3, 2]))
        let error = #expect(throws: TensorError.self) { try out.scalars(as: Float.self) }
        #expect(error?.description.contains("output axis 5") == true)
    }

    /// `grad(vmap(f))` through a custom derivative uses the per-example
    /// rule (it was an error before custom rules could be batched): row `i`
    /// of the gradient is its weight `i + 1` times ones.
    @Test func gradOfVMapThroughACustomDerivativeUsesItsRule() throws {
        let f = customVJP(forward: { (x: Tensor) in (x.sum(), x) }, backward: { x, c in Tensor.ones(x.shape) * c })
        let g = grad { (x: Tensor) in (vmap(f)(x) * Tensor([1.0, 2, 3])).sum() }(Tensor.ones([3, 3]))
        #expect(try g.scalars(as: Float.self) == [1, 1, 1, 2, 2, 2, 3, 3, 3])
        // The other order works too.
        let perExample = vmap({ (x: Tensor) in grad({ (x: Tensor) in f(x) })(x) })(Tensor.ones([3, 3]))
        #expect(perExample.shape == [3, 3])
    }
}

import Foundation
import Testing
import XLATensor

/// `jit`: traced once per signature, compiled by XLA, cached.
@Suite struct JITTests {
    @Test func compilesOncePerSignature() throws {
        let f = jit { (x: Tensor, y: Tensor) in tanh(x * y + 1) }
        let a = try f(Tensor([1.0, 2]), Tensor([0.5, -1]))
        #expect(f.compiledCount == 1)
        let values = try a.scalars(as: Float.self)
        #expect(abs(values[0] - Float(Foundation.tanh(1.5))) < 1e-6)
        #expect(abs(values[1] - Float(Foundation.tanh(-1.0))) < 1e-6)
        _ = try f(Tensor([3.0, 4]), Tensor([5.0, 6]))
        #expect(f.compiledCount == 1)
        _ = try f(Tensor([3.0, 4, 5]), Tensor([5.0, 6, 7]))
        #expect(f.compiledCount == 2)
        _ = try f(Tensor([3, 4]), Tensor([5, 6]))
        #expect(f.compiledCount == 3)
    }

    /// A call like the last one reuses its program without a table lookup;
    /// a leaf of another shape, dtype or weak flag must not.
    @Test func theLastSignatureIsComparedLeafByLeaf() throws {
        let f = jit { (x: [Tensor]) in x[0] * 2 + x[1] }
        #expect(try f([Tensor([1.0, 2]), Tensor([1.0, 1])]).scalars(as: Float.self) == [3, 5])
        #expect(try f([Tensor([1.0, 2]), Tensor([1.0])]).scalars(as: Float.self) == [3, 5])
        #expect(try f([Tensor([1.0, 2]), Tensor([1.0, 1])]).scalars(as: Float.self) == [3, 5])
        #expect(f.compiledCount == 2)
        #expect(try f([Tensor([1, 2]), Tensor(Int32(1))]).scalars(as: Int32.self) == [3, 5])
        #expect(f.compiledCount == 3)
        let weakOne: Tensor = 1
        #expect(try f([Tensor([1, 2]), weakOne]).scalars(as: Int32.self) == [3, 5])
        #expect(f.compiledCount == 4, "the weak flag is part of the signature")
    }

    @Test func staticArgumentsArePartOfTheKey() throws {
        let power = jit { (x: Tensor, n: Static<Int>) in (1..<n.value).reduce(x) { y, _ in y * x } }
        #expect(try power(Tensor([2.0, 3]), Static(3)).scalars(as: Float.self) == [8, 27])
        #expect(try power(Tensor([2.0, 3]), Static(2)).scalars(as: Float.self) == [4, 9])
        #expect(power.compiledCount == 2)
    }

    @Test func treesGoInAndComeOut() throws {
        let f = jit { (params: [String: Tensor], inputs: [Tensor]) -> [String: Tensor] in
            ["sum": inputs[0] + inputs[1], "scaled": params["w"]! * inputs[0]]
        }
        let out = try f(["w": Tensor([2.0])], [Tensor([1.0]), Tensor([10.0])])
        #expect(try out["sum"]!.scalars(as: Float.self) == [11])
        #expect(try out["scaled"]!.scalars(as: Float.self) == [2])
    }

    @Test func capturedConcreteTensorsAreInputs() throws {
        let big = Tensor([Float](repeating: 1, count: 2000), shape: [2000])
        let small = Tensor([1.0, 2])
        let g = jit { (x: Tensor) -> [Tensor] in [x + small, big * 2] }
        let out = try g(Tensor([10.0, 20]))
        #expect(try out[0].scalars(as: Float.self) == [11, 22])
        #expect(try out[1].scalars(as: Float.self) == [Float](repeating: 2, count: 2000))
    }

    @Test func donatedArgumentsAreConsumed() throws {
        let step = jit(donating: [0]) { (x: Tensor) in x + 1 }
        let x = try step(Tensor([1.0, 2]))
        let y = try step(x)
        #expect(try y.scalars(as: Float.self) == [3, 4])
        #expect(throws: TensorError.self) { try x.scalars(as: Float.self) }
    }

    @Test func donatingAHostValueLeavesItUsable() throws {
        let step = jit(donating: [0]) { (x: Tensor) in x * 2 }
        let x = Tensor([1.0, 2])
        #expect(try step(x).scalars(as: Float.self) == [2, 4])
        #expect(try step(x).scalars(as: Float.self) == [2, 4])
        #expect(try (x + 1).scalars(as: Float.self) == [2, 3])
    }

    /// As JAX raises for `donate_argnums` past the arguments; it used to be ignored.
    @Test func donatingAnArgumentThatIsNotThereThrows() {
        let f = jit(donating: [1]) { (x: Tensor) in x * 2 }
        let error = #expect(throws: TensorError.self) { try f(Tensor([1.0, 2])) }
        #expect(error?.description.contains("donates argument 1") == true)
        #expect(throws: TensorError.self) { try jit(donating: [-1]) { (x: Tensor) in x }.lower(Tensor(1.0)) }
    }

    @Test func shapeErrorsThrowAtTheBoundaryWithTheOpAndShapes() {
        let f = jit { (x: Tensor, y: Tensor) in x + y }
        let error = #expect(throws: TensorError.self) { try f(Tensor([1.0, 2, 3]), Tensor([1.0, 2])) }
        #expect(error?.description.contains("add") == true)
        #expect(error?.description.contains("[3] and [2]") == true)
    }

    @Test func readingATracedValueIsAConcretizationError() {
        let f = jit { (x: Tensor) throws -> Tensor in
            if try x.item(as: Float.self) > 0 { return x }
            return -x
        }
        let error = #expect(throws: TensorError.self) { try f(Tensor(1.0)) }
        guard case .concretization? = error else {
            Issue.record("expected a concretization error, got \(String(describing: error))")
            return
        }
    }

    @Test func usingATracerAfterItsTraceEndedIsAnError() throws {
        nonisolated(unsafe) var leaked: Tensor?
        let f = jit { (x: Tensor) -> Tensor in
            leaked = x * 2
            return x
        }
        _ = try f(Tensor([1.0]))
        let error = #expect(throws: TensorError.self) { try (leaked! + 1).scalars(as: Float.self) }
        guard case .escapedTracer? = error else {
            Issue.record("expected an escaped-tracer error, got \(String(describing: error))")
            return
        }
    }

    @Test func nestedJITInlines() throws {
        let inner = jit { (x: Tensor) in x * 3 }
        let outer = jit { (x: Tensor) throws -> Tensor in try inner(x) + 1 }
        #expect(try outer(Tensor([1.0, 2])).scalars(as: Float.self) == [4, 7])
        #expect(inner.compiledCount == 0)
    }
}

import Foundation
import Testing
import XLATensor

/// Operations outside any trace run at once on the default plugin.
@Suite struct EagerTensorTests {
    @Test func arithmeticWithLiteralsKeepsTheTensorsDType() throws {
        let x = Tensor([1.0, 2, 3])
        #expect(x.dtype == .float32)
        let y = x * 2 + 1
        #expect(y.dtype == .float32)
        #expect(!y.isWeak)
        #expect(try y.scalars(as: Float.self) == [3, 5, 7])
        let i = Tensor([1, 2, 3], dtype: .int8) + 1
        #expect(i.dtype == .int8)
        #expect(try i.scalars(as: Int8.self) == [2, 3, 4])
    }

    @Test func swiftScalarVariablesAreWeaklyTypedToo() throws {
        let step = 0.5, count = 3
        let x = Tensor([2, 4], dtype: .int8)
        #expect((x * count).dtype == .int8)
        #expect(try (x * count).scalars(as: Int8.self) == [6, 12])
        let y = Tensor([1.0, 2], dtype: .bfloat16) * step + Float(1)
        #expect(y.dtype == .bfloat16)
        #expect(try (1 / (Tensor([2.0, 4]) * step)).scalars(as: Float.self) == [1, 0.5])
    }

    @Test func broadcastingFollowsNumPy() throws {
        let a = Tensor([[1.0, 2, 3], [4, 5, 6]])
        let b = Tensor([10.0, 20, 30])
        let c = a + b
        #expect(c.shape == [2, 3])
        #expect(try c.scalars(as: Float.self) == [11, 22, 33, 14, 25, 36])
        let column = Tensor([1.0, 2], shape: [2, 1])
        #expect(try (a * column).scalars(as: Float.self) == [1, 2, 3, 8, 10, 12])
    }

    @Test func integerDivisionGivesFloats() throws {
        let q = Tensor([1, 2, 3]) / 2
        #expect(q.dtype == .float32)
        #expect(try q.scalars(as: Float.self) == [0.5, 1, 1.5])
    }

    @Test func comparisonsGiveBools() throws {
        let x = Tensor([1.0, 2, 3])
        #expect(try (x .> 1.5).scalars(as: Bool.self) == [false, true, true])
    }

    @Test func mismatchedShapesPoisonTheResultAndThrowOnRead() {
        let bad = Tensor([1.0, 2, 3]) + Tensor([1.0, 2])
        let error = #expect(throws: TensorError.self) { try bad.scalars(as: Float.self) }
        #expect(error?.description.contains("[3] and [2] cannot be broadcast together") == true)
        // Later operations carry the first error along.
        #expect(throws: TensorError.self) { try exp(bad * 2).scalars(as: Float.self) }
    }

    @Test func mathMatchesSwift() throws {
        let x = Tensor([0.5, 1, 2])
        let y = try exp(x).scalars(as: Float.self)
        for (value, expected) in zip(y, [0.5, 1, 2].map { Float($0) }) {
            #expect(abs(value - expected.exponentialForm) < 1e-6)
        }
    }
}

private extension Float {
    var exponentialForm: Float { Float(Foundation.exp(Double(self))) }
}

import Testing
import XLATensor

/// A slice step as large as an `Int` can be takes at most one element, as
/// in NumPy (`np.arange(3)[::-(2**63)]` is `[2]`); a step of `Int.min` used
/// to trap when negated.
@Suite struct ExtremeSliceStepTests {
    @Test func extremeStepsTakeOneElement() throws {
        let x = Tensor([1.0, 2, 3])
        #expect(try x[.slice(start: nil, stop: nil, step: Int.min)].scalars(as: Float.self) == [3])
        #expect(try x[.slice(start: nil, stop: nil, step: Int.max)].scalars(as: Float.self) == [1])
        #expect(try x[.slice(start: 1, stop: nil, step: -Int.max)].scalars(as: Float.self) == [2])
        #expect(try x[.slice(start: nil, stop: nil, step: -2)].scalars(as: Float.self) == [3, 1])
    }
}

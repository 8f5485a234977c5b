import Testing
import XLATypes

/// Shape arithmetic reports overflow instead of trapping, and a type's
/// size problem names what XLA cannot hold.
@Suite struct CheckedSizeTests {
    @Test func arithmeticOverflowsIntoNil() {
        #expect((CheckedSize(3) * 4 + 1 - 2).value == 11)
        #expect((CheckedSize(Int.max) + 1).value == nil)
        #expect((CheckedSize(Int.min) - 1).value == nil)
        #expect((CheckedSize(1 << 32) * (1 << 31)).value == nil)
        #expect((CheckedSize(Int.max) + 1 - 5).value == nil, "an overflow stays an overflow")
    }

    @Test func products() {
        #expect(CheckedSize.product([]).value == 1)
        #expect(CheckedSize.product([2, 3, 4]).value == 24)
        #expect(CheckedSize.product([1 << 32, 1 << 32]).value == nil)
        #expect(CheckedSize.product([Int.max, 2]).value == nil)
        #expect(CheckedSize.product([Int.max, Int.max, 0]).value == 0, "a zero dimension empties the shape")
        #expect([CheckedSize(1), 2].values == [1, 2])
        #expect([CheckedSize(1), .overflow].values == nil)
    }

    @Test func sizeProblemsOfTypes() {
        #expect(TensorType(.float32, [2, 3]).sizeProblem == nil)
        #expect(TensorType(.float32, [Int.max, 0]).sizeProblem == nil)
        #expect(TensorType(.float32, [Int.max, 0]).checkedElementCount == 0)
        #expect(TensorType(.float32, [2, -1]).sizeProblem == "has a negative dimension (-1)")
        #expect(TensorType(.float32, [1 << 32, 1 << 32]).checkedElementCount == nil)
        #expect(TensorType(.float32, [1 << 32, 1 << 32]).sizeProblem == "has 2^63 elements or more, more than XLA accepts")
        // 2^61 four-byte elements: the count fits, the byte size (2^63) does not.
        #expect(TensorType(.float32, [1 << 61]).sizeProblem
                == "has 2305843009213693952 elements of 4 bytes, 2^63 bytes or more, more than XLA accepts")
        #expect(TensorType(.uint8, [1 << 62]).sizeProblem == nil)
    }

    /// Ranks above NumPy's 64 are refused: XLA's compile time grows faster
    /// than the square of the rank (a rank-4,000 add took half a minute).
    @Test func ranksAboveTheLimit() {
        #expect(TensorType(.float32, Array(repeating: 1, count: 64)).sizeProblem == nil)
        #expect(TensorType(.float32, Array(repeating: 1, count: 65)).sizeProblem
                == "has rank 65, more than the 64 dimensions allowed")
    }
}

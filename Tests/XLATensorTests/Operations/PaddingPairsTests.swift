import Testing
import XLATensor

/// `.same` padding for strides and windows as large as an `Int` can be:
/// JAX's `padtype_to_pads` values, no overflow trap.
@Suite struct PaddingPairsTests {
    @Test func extremeStridesAndWindows() {
        #expect(Padding.same.pairs(inputShape: [4], windowShape: [2], strides: [Int.max]) == [.init(0, 0)])
        #expect(Padding.same.pairs(inputShape: [5], windowShape: [3], strides: [2]) == [.init(1, 1)])
        #expect(Padding.sameLower.pairs(inputShape: [4], windowShape: [Int.max], strides: [1])
                == [.init(Int.max / 2, Int.max / 2)])
        #expect(Padding.same.pairs(inputShape: [0], windowShape: [3], strides: [1]) == [.init(1, 1)])
    }
}

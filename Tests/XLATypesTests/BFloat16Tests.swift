import Testing
import XLATypes

@Suite struct BFloat16Tests {
    // Bit patterns from ml_dtypes (the bfloat16 JAX uses): round to nearest, ties to even.
    @Test(arguments: [
        (Float(1.0), UInt16(0x3F80)),
        (Float(-2.5), UInt16(0xC020)),
        (Float(bitPattern: 0x3F80_8000), UInt16(0x3F80)),  // tie, rounds to even (down)
        (Float(bitPattern: 0x3F81_8000), UInt16(0x3F82)),  // tie, rounds to even (up)
        (Float(bitPattern: 0x3F80_8001), UInt16(0x3F81)),  // above the tie
        (Float.infinity, UInt16(0x7F80)),
        (Float(bitPattern: 0x7F7F_FFFF), UInt16(0x7F80)),  // float32 max overflows to inf
    ])
    func roundsToNearestEven(value: Float, bits: UInt16) {
        #expect(BFloat16(value).bitPattern == bits)
    }

    @Test func keepsNaN() {
        #expect(BFloat16(Float.nan).floatValue.isNaN)
        #expect(BFloat16(Float(bitPattern: 0x7F80_0001)).floatValue.isNaN)
    }

    @Test func convertsBackExactly() {
        #expect(Float(BFloat16(bitPattern: 0x4049)) == 3.140625)
    }
}

/// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
/// generators", OOPSLA 2014; the generator Java's `SplittableRandom` and
/// Vigna's xoshiro seeding use): a 64-bit state advanced by the golden-ratio
/// increment `0x9E3779B97F4A7C15`, each output a fixed mix of the new
/// state. Small, fast, and the same on every platform and Swift version,
/// so a seed names one data order forever. Not cryptographic.
public struct SplitMix64: RandomNumberGenerator, Sendable, Equatable {
    /// The current state.
    public private(set) var state: UInt64

    /// A generator whose first output is `mix(seed &+ 0x9E3779B97F4A7C15)`.
    public init(seed: UInt64) { state = seed }

    /// The golden-ratio increment each output advances the state by.
    private static let increment: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= SplitMix64.increment
        return SplitMix64.mix(state)
    }

    /// Advances the generator as `count` calls of ``next()`` would, in
    /// constant time (the state only ever grows by the increment).
    public mutating func skip(_ count: UInt64) {
        state &+= count &* SplitMix64.increment
    }

    /// SplitMix64's output function (a variant of MurmurHash3's finalizer).
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform number in `0..<bound` (`bound > 0`) by Lemire's multiply-
    /// and-reject method ("Fast random integer generation in an interval",
    /// 2019), which draws one `next()` except in rare rejections. Fixed here
    /// rather than `Int.random(in:using:)`, whose algorithm Swift does not
    /// promise to keep.
    public mutating func next(below bound: UInt64) -> UInt64 {
        precondition(bound > 0, "the bound must be positive")
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold { product = next().multipliedFullWidth(by: bound) }
        }
        return product.high
    }
}

import Haiku
import Testing

/// Random keys in transforms against real Haiku (fixture group "rng").
@Suite struct RNGTests {
    static let fixture = HaikuFixtures.core["rng"]

    @Test func withRNGDrawsFromItsOwnKey() throws {
        let c = Self.fixture["with_rng"]
        let f = transform { () -> Tensor in
            withRNG(PRNGKey(428)) { uniform(nextRNGKey(), []) }
        }
        let params = try f.initialize(rng: PRNGKey(42))
        #expect(params.isEmpty)
        c["s"].expectTensor(try f.apply(params, rng: PRNGKey(42)), "s")
        // with_rng needs no outer key.
        c["s_without_rng"].expectTensor(try f.apply(params, rng: nil), "s_without_rng")
    }

    @Test func nextRNGKeysSplitsAtOnce() throws {
        let c = Self.fixture["next_rng_keys"]
        let f = transform { () -> Tensor in stack(nextRNGKeys(3).map(\.data)) }
        c["keys"].expectTensor(try f.apply([:], rng: PRNGKey(42)), "keys")
    }

    @Test func reserveRNGKeysThenDraw() throws {
        let c = Self.fixture["reserve_rng_keys"]
        let f = transform { () -> Tensor in
            reserveRNGKeys(2)
            return stack((0..<3).map { _ in nextRNGKey().data })
        }
        c["keys"].expectTensor(try f.apply([:], rng: PRNGKey(42)), "keys")
    }

    @Test func prngSequenceNextAndReserve() throws {
        let c = Self.fixture["prng_sequence"]
        var sequence = PRNGSequence(42)
        let first = (0..<3).map { _ in sequence.next().data }
        sequence.reserve(2)
        let second = (0..<2).map { _ in sequence.next().data }
        c["first"].expectTensor(stack(first), "first")
        c["second"].expectTensor(stack(second), "second")
    }

    @Test func prngSequenceFromSeedEqualsFromKey() throws {
        let c = Self.fixture["prng_sequence"]
        var sequence = PRNGSequence(PRNGKey(42))
        c["first"].expectTensor(stack((0..<3).map { _ in sequence.next().data }), "first")
    }

    @Test func maybeNextRNGKeyWithAndWithoutRNG() throws {
        let c = Self.fixture["maybe_next_rng_key"]
        let f = transform { () -> PRNGKey? in maybeNextRNGKey() }
        let none = try f.apply([:], rng: nil)
        #expect((none == nil) == c["with_rng_none_is_none"].bool)
        let key = try #require(try f.apply([:], rng: PRNGKey(42)))
        c["key"].expectTensor(key.data, "key")
    }

    /// A sequence built on something that is not a key gives poisoned keys
    /// (reading one throws) and never traps; `split` of a bad key returns
    /// as many (poisoned) keys as asked for.
    @Test func aBadKeyGivesPoisonedKeysNotATrap() {
        let bad = PRNGKey(data: Tensor([1, 2, 3] as [UInt32]))
        #expect(split(bad, 3).count == 3)
        var sequence = PRNGSequence(bad)
        let keys = [sequence.next(), sequence.next()] + sequence.take(3)
        #expect(keys.count == 5)
        for key in keys { #expect(throws: (any Error).self) { _ = try key.data.scalars(as: UInt32.self) } }
    }
}

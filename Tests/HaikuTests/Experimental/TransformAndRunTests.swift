import Haiku
import Testing

/// `transformAndRun` (`hk.testing.transform_and_run`): init with the key of
/// `seed`, apply with the key of `seed + 1`, the output returned.
@Suite struct TransformAndRunTests {
    /// Haiku's doctest: `transform_and_run(lambda x: hk.Bias()(x))(jnp.ones([1, 1]))` is `[[1.]]`.
    @Test func biasOfOnes() throws {
        let y = try transformAndRun { Bias()(Tensor.ones([1, 1])) }
        #expect(y.shape == [1, 1])
        #expect(try y.scalars(as: Float.self) == [1])
    }

    /// The apply key is the seed's successor: a key drawn in apply equals
    /// the one drawn by the same function applied with `PRNGKey(seed + 1)`.
    @Test func applyUsesTheNextSeed() throws {
        let draw = { () -> Tensor in nextRNGKey().data }
        let drawn = try transformAndRun(seed: 7, draw)
        let f = transformWithState(draw)
        let (params, state) = try f.initialize(rng: PRNGKey(7))
        let expected = try f.apply(params, state, rng: PRNGKey(8)).output
        #expect(try drawn.scalars(as: UInt32.self) == (try expected.scalars(as: UInt32.self)))
        let other = try f.apply(params, state, rng: PRNGKey(7)).output
        #expect(try drawn.scalars(as: UInt32.self) != (try other.scalars(as: UInt32.self)))
    }

    @Test func noSeedMeansNoKeys() throws {
        #expect(throws: HaikuError.self) { try transformAndRun(seed: nil) { nextRNGKey().data } }
        let y = try transformAndRun(seed: nil) { Tensor.ones([2]) * 3 }
        #expect(try y.scalars(as: Float.self) == [3, 3])
    }

    @Test func aSeedWithoutSuccessorIsAnError() {
        #expect(throws: HaikuError.self) { try transformAndRun(seed: Int.max) { Tensor.ones([1]) } }
    }
}

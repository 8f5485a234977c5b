import Haiku
import Testing

/// `multinomial` against `hk.multinomial` of dm-haiku 0.0.17 on jax 0.11.2
/// (`Fixtures/attention.json`, group "multinomial"): the same indices bit
/// for bit for the same key, one sample and several, over one, two and
/// three axes; then its errors.
@Suite struct MultinomialTests {
    @Test(arguments: AttentionFixtures.cases("multinomial"))
    func samplesMatchHaiku(_ name: String) {
        let c = AttentionFixtures.file["multinomial"][name]
        let samples = multinomial(PRNGKey(c["seed"].int), c["logits"].tensor, c["num_samples"].int)
        c["samples"].expectTensor(samples, name)
    }

    @Test func badArgumentsGivePoisonedTensors() {
        let cases: [(Tensor, String)] = [
            (multinomial(PRNGKey(0), Tensor.ones([2, 3]), -1), "numSamples must not be negative, not -1"),
            (multinomial(PRNGKey(0), Tensor.ones([2, 3], dtype: .int32), 2), "the logits must be floats"),
            (multinomial(PRNGKey(0), Tensor(1.0), 2), "axis -1 is out of range"),
        ]
        for (tensor, message) in cases {
            let error = #expect(throws: TensorError.self) { try tensor.scalars(as: Int32.self) }
            #expect("\(error.map { "\($0)" } ?? "")".contains(message), "\(String(describing: error))")
        }
        #expect(multinomial(PRNGKey(0), Tensor.ones([2, 3]), 0).shape == [2, 0])
    }
}

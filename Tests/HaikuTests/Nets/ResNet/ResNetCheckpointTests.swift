import Foundation
import Haiku
import NumericsSupport
import Testing

/// A checkpoint of Python Haiku's ResNet (`.npz` with `module/name` keys,
/// written by `Scripts/fixtures/resnet_checkpoint.py`) loads into the Swift
/// ResNet by name and gives Haiku's logits (the recipe of Docs/Nets.md).
/// Tolerance: that of ``ResNetTests/numericTolerance`` (a batch-normalized
/// convolution stack in float32); measured here: 5.8e-6 of the largest logit
/// in evaluation, 3.5e-6 in training. The input is [4, 32, 32, 3] so that the
/// last groups' batch statistics see 4 values per channel: with
/// [2, 16, 16, 3] (2 values) a moving variance near zero multiplied the
/// ulp differences by up to 1/√eps, and evaluation differed by 4.8e-3.
@Suite struct ResNetCheckpointTests {
    /// The script's network, in one mode.
    static func net(isTraining: Bool) -> TransformedWithState<Tensor, Tensor> {
        transformWithState { (x: Tensor) in
            ResNet(blocksPerGroup: [1, 1, 1, 1], numClasses: 3, bottleneck: false, channelsPerGroup: [4, 8, 8, 8],
                   useProjection: [false, true, true, true], initialConvConfig: .init(outputChannels: 4))(
                x, isTraining: isTraining)
        }
    }

    static func path(_ file: String) -> String {
        FixtureFiles.url(file).path
    }

    @Test func pythonCheckpointGivesHaikusLogits() throws {
        let expected = fixtureFile("resnet_checkpoint")
        let x = ResNetFixtures.pattern([4, 32, 32, 3], seed: 5)
        // Initialized in training mode, the template holds the moving averages too.
        let template = try Self.net(isTraining: true).initialize(rng: PRNGKey(0), x)
        let params = try NumPy.loadParams(from: Self.path("resnet_checkpoint_params.npz"), matching: template.params)
        let state = try NumPy.loadParams(from: Self.path("resnet_checkpoint_state.npz"), matching: template.state)
        #expect(params["res_net/~/block_group_0/~/block_0/~/conv_0"]?["w"]?.shape == [3, 3, 4, 4])
        let evaluation = try Self.net(isTraining: false).apply(params, state, x).output
        LayerNormFixtures.expectClose(evaluation, expected["eval_logits"], "eval logits",
                                      relative: ResNetTests.numericTolerance)
        let training = try Self.net(isTraining: true).apply(params, state, x).output
        LayerNormFixtures.expectClose(training, expected["train_logits"], "train logits",
                                      relative: ResNetTests.numericTolerance)
        // Not what a fresh initialization gives: the checkpoint's values are used.
        let fresh = try Self.net(isTraining: false).apply(template.params, template.state, x).output
        #expect(try fresh.scalars(as: Float.self) != evaluation.scalars(as: Float.self))
    }
}

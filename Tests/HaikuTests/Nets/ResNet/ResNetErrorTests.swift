import Haiku
import Testing

/// Misconfigured ResNets give a typed error naming the module and what was
/// wrong, with Haiku's message where Haiku has one (`Fixtures/resnet.json`,
/// group "errors"), never a crash.
@Suite struct ResNetErrorTests {
    static let errors = ResNetFixtures.file["errors"]

    /// The message of the error `initialize` throws for `body` on zeros of `shape`
    /// (a `HaikuError` except for the zero stride's `TensorError`).
    static func message(_ shape: [Int] = [1, 32, 32, 3], _ body: @escaping (Tensor) -> Tensor) -> String {
        do {
            _ = try transformWithState(body).initialize(rng: PRNGKey(0), Tensor.zeros(shape))
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    /// A ResNet with one block of 8 channels per group, and `change` made to its arguments.
    static func tiny(blocksPerGroup: [Int] = [1, 1, 1, 1], channelsPerGroup: [Int] = [8, 8, 8, 8],
                     useProjection: [Bool] = [true, true, true, true], strides: [Int] = [1, 2, 2, 2],
                     bnConfig: ResNet.BatchNormConfig = .init()) -> ResNet {
        ResNet(blocksPerGroup: blocksPerGroup, numClasses: 10, bnConfig: bnConfig, channelsPerGroup: channelsPerGroup,
               useProjection: useProjection, strides: strides)
    }

    @Test func listsOfTheWrongLength() {
        let cases: [(String, ResNet)] = [
            ("blocks_per_group", Self.tiny(blocksPerGroup: [1, 1, 1])),
            ("channels_per_group", Self.tiny(channelsPerGroup: [8])),
            ("strides", Self.tiny(strides: [1, 2])),
        ]
        for (key, net) in cases {
            let message = Self.message { net($0, isTraining: true) }
            let haiku = Self.errors[key]["message"].string
            #expect(haiku.hasPrefix("`\(key)` must be of length 4"))
            #expect(message.contains("res_net (ResNet): " + haiku), "\(message)")
        }
    }

    /// Haiku indexes `use_projection` without checking it (an IndexError);
    /// Swift checks it like the other lists.
    @Test func useProjectionOfTheWrongLength() {
        #expect(Self.errors["use_projection"]["error"].string == "IndexError")
        let message = Self.message { Self.tiny(useProjection: [true])($0, isTraining: true) }
        #expect(message.contains("res_net (ResNet): `use_projection` must be of length 4 not 1"), "\(message)")
    }

    /// Haiku fails on rank 3 in `max_pool` (a bare AssertionError) and on
    /// rank 5 in the first convolution; Swift names the network and the shape.
    @Test(arguments: [[32, 32, 3], [1, 1, 32, 32, 3], []])
    func inputOfTheWrongRank(_ shape: [Int]) {
        #expect(Self.errors["rank3"]["error"].string == "AssertionError")
        #expect(Self.errors["rank5"]["message"].string.hasPrefix("Input to ConvND needs to have rank in [3, 4]"))
        let message = Self.message(shape) { ResNet18(10)($0, isTraining: true) }
        #expect(message.contains("res_net18 (ResNet18): ResNet input must be of rank 4 [N, H, W, C], not of shape \(shape)"),
                "\(message)")
    }

    /// V1 bottleneck blocks give their last batch norm a zero scale
    /// initializer, which Haiku's `BatchNorm` refuses without a scale.
    @Test func bottleneckWithoutScale() {
        let message = Self.message { Self.tiny(bnConfig: .init(createScale: false))($0, isTraining: true) }
        let haiku = Self.errors["no_scale_with_zero_scale_init"]["message"].string
        #expect(haiku == "Cannot set `scale_init` if `create_scale=False`")
        #expect(message.contains("batchnorm_2 (BatchNorm): " + haiku), "\(message)")
    }

    /// A `BlockV2` on its own has no default decay rate (a TypeError in Haiku).
    @Test func blockV2WithoutDecayRate() {
        #expect(Self.errors["block_v2_without_decay_rate"]["error"].string == "TypeError")
        let message = Self.message([1, 8, 8, 8]) {
            ResNet.BlockV2(channels: 8, stride: 1, useProjection: false, bnConfig: .init(), bottleneck: false)(
                $0, isTraining: true)
        }
        #expect(message.contains("block_v2 (BlockV2): bnConfig needs a decayRate"), "\(message)")
    }

    /// A `BlockV1` on its own defaults to `decayRate: 0.999`, as Haiku's.
    @Test func blockV1DefaultsItsDecayRate() throws {
        let block = ResNet.BlockV1(channels: 8, stride: 1, useProjection: false, bnConfig: .init(), bottleneck: false)
        #expect(block.arguments.bnConfig == .init(decayRate: 0.999, createScale: true, createOffset: true))
        let f = transformWithState { (x: Tensor) in block(x, isTraining: true) }
        let (_, state) = try f.initialize(rng: PRNGKey(0), Tensor.ones([1, 4, 4, 8]))
        #expect(state.keys.contains("block_v1/~/batchnorm_0/~/mean_ema"))
    }

    /// A stride of zero is the convolution's typed error (a `TensorError`
    /// from `convGeneralDilated`), not a crash; Haiku fails while lowering.
    @Test func zeroStride() {
        let message = Self.message { Self.tiny(strides: [0, 2, 2, 2])($0, isTraining: true) }
        #expect(message.contains("windowStrides [0, 0] must hold 2 positive entries"), "\(message)")
    }
}

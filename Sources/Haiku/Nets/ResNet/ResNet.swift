/// A residual network (`hk.nets.ResNet`, https://arxiv.org/abs/1512.03385;
/// V2: https://arxiv.org/abs/1603.05027) over `[N, H, W, C]` images: an
/// initial convolution (then batch norm and `relu` in V1), a 3x3 max pool
/// with stride 2, four ``BlockGroup``s, in V2 a final batch norm and
/// `relu`, the mean over height and width, and a `Linear` layer of
/// `numClasses` logits.
///
/// ```swift
/// let f = transformWithState { (x: Tensor) in ResNet18(10)(x, isTraining: true) }
/// let (params, state) = try f.initialize(rng: PRNGKey(0), images)   // images: [32, 32, 32, 3]
/// let (logits, newState) = try f.apply(params, state, images)       // [32, 10]
/// ```
///
/// Module names are Haiku's: `res_net/~/initial_conv`,
/// `res_net/~/initial_batchnorm` (V1), `res_net/~/block_group_0/~/block_0/~/conv_0`,
/// ..., `res_net/~/final_batchnorm` (V2), `res_net/~/logits`, so a
/// checkpoint of Python Haiku's parameters and state loads by name. The
/// logits' weight starts at zero (``LogitsConfig``).
///
/// Errors (reported by `initialize`/`apply`, naming the module):
/// `blocksPerGroup`, `channelsPerGroup`, `strides` or `useProjection` not
/// of length 4, an input that is not of rank 4.
public class ResNet: Module {
    /// The number of logits.
    public let numClasses: Int
    /// The number of blocks in each group.
    public let blocksPerGroup: [Int]
    /// The output channels of each group.
    public let channelsPerGroup: [Int]
    /// Whether each group's first block projects its shortcut.
    public let useProjection: [Bool]
    /// The first block's stride in each group.
    public let strides: [Int]
    /// Whether the network is a V2 (pre-activation) ResNet.
    public let resnetV2: Bool
    /// Whether the blocks are bottlenecks.
    public let bottleneck: Bool
    /// The batch norms' configuration, with the network's defaults filled.
    public let bnConfig: BatchNormConfig
    /// The first convolution.
    public let initialConv: Conv2D
    /// The batch norm after the first convolution (V1 only).
    public let initialBatchNorm: BatchNorm?
    /// The four groups of blocks.
    public let blockGroups: [BlockGroup]
    /// The batch norm before the pooling (V2 only).
    public let finalBatchNorm: BatchNorm?
    /// The layer giving the logits.
    public let logits: Linear
    /// Why the arguments do not describe a ResNet, or nil.
    private let argumentProblem: String?

    /// A ResNet.
    ///
    /// - Parameters:
    ///   - blocksPerGroup: the number of blocks in each of the 4 groups.
    ///   - numClasses: the number of logits.
    ///   - bnConfig: the batch norms' settings; missing ones default to
    ///     `decayRate: 0.9, eps: 1e-5, createScale: true, createOffset: true`.
    ///   - resnetV2: V2 (pre-activation) blocks instead of V1.
    ///   - bottleneck: 1x1, 3x3, 1x1 bottleneck blocks.
    ///   - channelsPerGroup: the output channels of each of the 4 groups.
    ///   - useProjection: whether each group's first block projects its shortcut.
    ///   - logitsConfig: the final `Linear` layer's settings.
    ///   - name: the module's name; nil for the class name (`res_net`).
    ///   - initialConvConfig: the first convolution's settings.
    ///   - strides: the stride of each group's first block.
    public convenience init(blocksPerGroup: [Int], numClasses: Int, bnConfig: BatchNormConfig = .init(),
                            resnetV2: Bool = false, bottleneck: Bool = true,
                            channelsPerGroup: [Int] = [256, 512, 1024, 2048],
                            useProjection: [Bool] = [true, true, true, true], logitsConfig: LogitsConfig = .init(),
                            name: ModuleName = nil, initialConvConfig: InitialConvConfig = .init(),
                            strides: [Int] = [1, 2, 2, 2]) {
        self.init(layout: Config(blocksPerGroup: blocksPerGroup, bottleneck: bottleneck, channelsPerGroup: channelsPerGroup,
                                 useProjection: useProjection),
                  numClasses: numClasses, bnConfig: bnConfig, resnetV2: resnetV2, logitsConfig: logitsConfig, name: name,
                  initialConvConfig: initialConvConfig, strides: strides)
    }

    /// A ResNet of `layout`; the other arguments are those of
    /// ``init(blocksPerGroup:numClasses:bnConfig:resnetV2:bottleneck:channelsPerGroup:useProjection:logitsConfig:name:initialConvConfig:strides:)``.
    init(layout: Config, numClasses: Int, bnConfig: BatchNormConfig, resnetV2: Bool, logitsConfig: LogitsConfig,
         name: ModuleName, initialConvConfig: InitialConvConfig, strides: [Int]) {
        let (blocksPerGroup, bottleneck) = (layout.blocksPerGroup, layout.bottleneck)
        let (channelsPerGroup, useProjection) = (layout.channelsPerGroup, layout.useProjection)
        let config = bnConfig.filling(decayRate: 0.9, eps: 1e-5, createScale: true, createOffset: true)
        (self.numClasses, self.blocksPerGroup, self.channelsPerGroup) = (numClasses, blocksPerGroup, channelsPerGroup)
        (self.useProjection, self.strides, self.resnetV2, self.bottleneck) = (useProjection, strides, resnetV2, bottleneck)
        self.bnConfig = config
        let lengths = [("blocks_per_group", blocksPerGroup.count), ("channels_per_group", channelsPerGroup.count),
                       ("strides", strides.count), ("use_projection", useProjection.count)]
        argumentProblem = lengths.first { $0.1 != 4 }.map { "`\($0.0)` must be of length 4 not \($0.1)" }
        initialConv = initialConvConfig.conv()
        initialBatchNorm = resnetV2 ? nil : config.batchNorm(name: "initial_batchnorm")
        let groups = argumentProblem == nil ? 4 : 0
        blockGroups = (0..<groups).map { index in
            BlockGroup(channels: channelsPerGroup[index], numBlocks: blocksPerGroup[index], stride: .uniform(strides[index]),
                       bnConfig: config, resnetV2: resnetV2, bottleneck: bottleneck,
                       useProjection: useProjection[index], name: "block_group_\(index)")
        }
        finalBatchNorm = resnetV2 ? config.batchNorm(name: "final_batchnorm") : nil
        logits = logitsConfig.linear(numClasses)
        super.init(name: name)
    }

    /// The layout and the options that differ from Haiku's defaults, e.g.
    /// `blocksPerGroup: [2, 2, 2, 2], numClasses: 10, bottleneck: false, ...`.
    public override var configuration: [String] {
        var entries = ["blocksPerGroup: \(blocksPerGroup)", "numClasses: \(numClasses)"]
        if resnetV2 { entries.append("resnetV2: true") }
        entries += ["bottleneck: \(bottleneck)", "channelsPerGroup: \(channelsPerGroup)",
                    "useProjection: \(useProjection)"]
        if strides != [1, 2, 2, 2] { entries.append("strides: \(strides)") }
        return entries
    }

    /// The logits `[N, numClasses]` of `inputs` `[N, H, W, C]`.
    ///
    /// - Parameters:
    ///   - isTraining: batch norms use the batch statistics and update their moving averages.
    ///   - testLocalStats: batch norms use the batch statistics in evaluation too.
    public func callAsFunction(_ inputs: Tensor, isTraining: Bool, testLocalStats: Bool = false) -> Tensor {
        method(inputs, isTraining, testLocalStats) { inputs, isTraining, testLocalStats in
            let outputType = TensorType(inputs.dtype, [inputs.shape.first ?? 0, numClasses])
            if let problem = argumentProblem {
                return invalidArgument(problem).poisoned(outputType)
            }
            guard inputs.rank == 4 else {
                return invalidArgument("ResNet input must be of rank 4 [N, H, W, C], not of shape \(inputs.shape)")
                    .poisoned(outputType)
            }
            var output = initialConv(inputs)
            if let initialBatchNorm {
                output = relu(initialBatchNorm(output, isTraining: isTraining, testLocalStats: testLocalStats))
            }
            output = maxPool(output, windowShape: [1, 3, 3, 1], strides: [1, 2, 2, 1], padding: .same)
            for group in blockGroups {
                output = group(output, isTraining: isTraining, testLocalStats: testLocalStats)
            }
            if let finalBatchNorm {
                output = relu(finalBatchNorm(output, isTraining: isTraining, testLocalStats: testLocalStats))
            }
            return logits(output.mean(axes: [1, 2]))
        }
    }
}

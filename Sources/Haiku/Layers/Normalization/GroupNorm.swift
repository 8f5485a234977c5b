/// Group normalization (`hk.GroupNorm`, https://arxiv.org/abs/1803.08494):
/// the channels are split into `groups` groups, and each example is
/// normalized per group over `axis` (by default the spatial axes and the
/// channels within the group, never across groups):
/// `(x - mean) · rsqrt(variance + eps) · scale + offset`.
///
/// Parameters (in the input's dtype): `scale` (default ones) and `offset`
/// (default zeros) when created, one per channel: `[C]` for channels last,
/// `[C, 1, ...]` (the input's rank less one) for channels first. Without
/// them, a `scale` and `offset` passed at call time are used, or none.
///
/// As in Haiku, the input is reshaped to `[N, ..., groups, C / groups]`
/// (channels last) or `[N, groups, C / groups, ...]` (channels first), and
/// `axis` is read against the input, then moved to the grouped shape: an
/// axis naming the channels (channels last) or any axis but the batch
/// (channels first) moves one place on. The first call fixes the rank, the
/// axes and the grouped shape for later calls of the same module.
public final class GroupNorm: Module, ScaleOffsetLayer {
    /// How many groups the channels are split into.
    public let groups: Int
    /// The axes normalized over, as given (read against the input).
    public let axis: Axes
    /// Whether the module creates a `scale` parameter.
    public let createScale: Bool
    /// Whether the module creates an `offset` parameter.
    public let createOffset: Bool
    /// Added to the variance to avoid dividing by zero.
    public let eps: Double
    /// The input's layout.
    public let dataFormat: DataFormat
    let scaleInit: (any Initializer)?
    let offsetInit: (any Initializer)?

    /// What the first call fixed (Haiku's `_initialize`).
    private struct Layout {
        /// The input's rank.
        let rank: Int
        /// The axes normalized over, in the grouped shape.
        let axes: [Int]
        /// The grouped shape, the batch inferred (`-1`).
        let groupShape: [Int]
        /// The input's shape, the batch inferred (`-1`).
        let inputShape: [Int]
    }

    private var layout: Layout?

    /// A group norm.
    ///
    /// - Parameters:
    ///   - groups: how many groups the channels are split into; it must divide the channel count.
    ///   - axis: the axes to normalize over (default `1...`, all but the
    ///     batch; `2...` for time series `[N, T, ...]`): see ``Axes``.
    ///   - createScale: whether to create a trainable `scale` per channel.
    ///   - createOffset: whether to create a trainable `offset` per channel.
    ///   - eps: added to the variance (default `1e-5`).
    ///   - scaleInit: the initializer of `scale` (default ones); only with `createScale`.
    ///   - offsetInit: the initializer of `offset` (default zeros); only with `createOffset`.
    ///   - dataFormat: where the channels are (default channels last); see ``getChannelIndex(_:)``.
    ///   - name: the module's name (default `group_norm`).
    public init(groups: Int, axis: some AxesConvertible = 1..., createScale: Bool = true, createOffset: Bool = true,
                eps: Double = 1e-5, scaleInit: (any Initializer)? = nil, offsetInit: (any Initializer)? = nil,
                dataFormat: DataFormat = .channelsLast, name: ModuleName = nil) {
        (self.groups, self.axis, self.createScale, self.createOffset) = (groups, axis.axes, createScale, createOffset)
        (self.eps, self.scaleInit, self.offsetInit, self.dataFormat) = (eps, scaleInit, offsetInit, dataFormat)
        super.init(name: name)
    }

    /// `groups`, then the arguments that differ from Haiku's defaults.
    public override var configuration: [String] {
        var entries = ["groups: \(groups)"]
        if axis != Axes(1...) { entries.append("axis: \(axis)") }
        if !createScale { entries.append("createScale: false") }
        if !createOffset { entries.append("createOffset: false") }
        if eps != 1e-5 { entries.append("eps: \(eps)") }
        if (try? dataFormat.channelsComeLast()) != true { entries.append("dataFormat: \(dataFormat)") }
        return entries
    }

    /// The normalized input, of the input's shape.
    ///
    /// - Parameters:
    ///   - x: the input, in the module's data format.
    ///   - scale: a scale broadcastable to the input; only without `createScale`.
    ///   - offset: an offset broadcastable to the input; only without `createOffset`.
    ///
    /// Errors (reported by `initialize`/`apply`, naming the module): an
    /// unknown data format, an initializer for a parameter that is not
    /// created, a rank other than the first call's, a scale or offset passed
    /// while the module creates its own, an input without the channel axis,
    /// a channel count `groups` does not divide, axes out of range or
    /// repeated.
    public func callAsFunction(_ x: Tensor, scale: Tensor? = nil, offset: Tensor? = nil) -> Tensor {
        method(x, scale, offset) { x, scale, offset in
            reportingErrors(x) { () throws(HaikuError) in
                let channelsLast = try dataFormat.channelsComeLast()
                try Normalization.checkInitializers(createScale: createScale, scaleInit: scaleInit,
                                                    createOffset: createOffset, offsetInit: offsetInit)
                if let layout, x.rank != layout.rank {
                    throw HaikuError.invalidArgument(
                        "The rank of the inputs cannot change between calls, the original call was rank=\(layout.rank) "
                            + "but this call was rank=\(x.rank)", location: nil)
                }
                try Normalization.checkCallArguments(createScale: createScale, scale: scale,
                                                     createOffset: createOffset, offset: offset)
                guard x.rank >= (channelsLast ? 1 : 2) else {
                    throw HaikuError.invalidArgument("an input of shape \(x.shape) has no channel axis", location: nil)
                }
                let channels = x.shape[channelsLast ? x.rank - 1 : 1]
                guard groups > 0, channels % groups == 0 else {
                    throw HaikuError.invalidArgument(
                        "The number of channels must be divisible by the number of groups, was channels=\(channels), "
                            + "groups=\(groups)", location: nil)
                }
                let layout = try fixedLayout(x.shape, channels: channels, channelsLast: channelsLast)
                let parameterShape = channelsLast ? [channels] : [channels] + Array(repeating: 1, count: x.rank - 2)
                let scale = createScale
                    ? parameter("scale", shape: parameterShape, dtype: x.dtype, init: scaleInit ?? Constant(1)) : scale
                let offset = createOffset
                    ? parameter("offset", shape: parameterShape, dtype: x.dtype, init: offsetInit ?? Constant(0)) : offset
                let grouped = x.reshaped(layout.groupShape)
                let mean = grouped.mean(axes: layout.axes, keepDims: true)
                let variance = grouped.variance(axes: layout.axes, keepDims: true)
                var y = ((grouped - mean) * rsqrt(variance + eps)).reshaped(layout.inputShape)
                if let scale { y = y * scale }
                if let offset { y = y + offset }
                return y
            }
        }
    }

    /// The layout the first call fixed, or the one it fixes now on an
    /// input of `shape`.
    private func fixedLayout(_ shape: [Int], channels: Int, channelsLast: Bool) throws(HaikuError) -> Layout {
        if let layout { return layout }
        let rank = shape.count
        let given = try axis.indices(rank: rank)
        let moved = channelsLast ? given.map { $0 == rank - 1 ? $0 + 1 : $0 } : given.map { $0 == 0 ? 0 : $0 + 1 }
        let split = [groups, channels / groups]
        let groupShape = channelsLast
            ? [-1] + shape.dropFirst().dropLast() + split
            : [-1] + split + shape.dropFirst(2)
        let layout = Layout(rank: rank, axes: try Axes.checked(moved, rank: rank + 1), groupShape: groupShape,
                            inputShape: [-1] + shape.dropFirst())
        self.layout = layout
        return layout
    }
}

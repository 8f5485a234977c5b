/// Instance normalization (`hk.InstanceNorm`): a ``LayerNorm`` over the
/// spatial axes of each example and channel, with one `scale` and `offset`
/// per channel.
///
/// For channels last (`[N, ..., C]`) it normalizes over `.slice(start: 1,
/// end: -1)` (Haiku's `slice(1, -1)`) and the
/// parameters are `[C]`; for channels first (`[N, C, ...]`) over `2...`,
/// with parameters `[1, C, 1, ...]` (the input's rank), as in Haiku.
public final class InstanceNorm: LayerNorm {
    /// The input's layout.
    public let dataFormat: DataFormat

    /// An instance norm.
    ///
    /// - Parameters:
    ///   - createScale: whether to create a trainable `scale` per channel.
    ///   - createOffset: whether to create a trainable `offset` per channel.
    ///   - eps: added to the variance (default `1e-5`).
    ///   - scaleInit: the initializer of `scale` (default ones); only with `createScale`.
    ///   - offsetInit: the initializer of `offset` (default zeros); only with `createOffset`.
    ///   - dataFormat: where the channels are (default channels last); see ``getChannelIndex(_:)``.
    ///   - name: the module's name (default `instance_norm`).
    public init(createScale: Bool, createOffset: Bool, eps: Double = 1e-5, scaleInit: (any Initializer)? = nil,
                offsetInit: (any Initializer)? = nil, dataFormat: DataFormat = .channelsLast, name: ModuleName = nil) {
        self.dataFormat = dataFormat
        let axes = InstanceNorm.axes(dataFormat)
        super.init(axis: axes.axis, createScale: createScale, createOffset: createOffset,
                   eps: eps, scaleInit: scaleInit, offsetInit: offsetInit, paramAxis: axes.paramAxis, name: name)
    }

    /// `createScale`, `createOffset`, then `eps` and `dataFormat` where they
    /// differ from Haiku's defaults.
    public override var configuration: [String] {
        ["createScale: \(createScale)", "createOffset: \(createOffset)"] + (eps == 1e-5 ? [] : ["eps: \(eps)"])
            + ((try? dataFormat.channelsComeLast()) == true ? [] : ["dataFormat: \(dataFormat)"])
    }

    /// The data format is read first, as Haiku's constructor does.
    override func checkConfiguration() throws(HaikuError) {
        _ = try dataFormat.channelsComeLast()
        try super.checkConfiguration()
    }

    /// The spatial axes and the channel axis of `dataFormat` (channels last
    /// when it cannot be read; the module reports that when called).
    private static func axes(_ dataFormat: DataFormat) -> (axis: Axes, paramAxis: Axes) {
        (try? dataFormat.channelsComeLast()) == false ? (Axes(2...), 1) : (.slice(start: 1, end: -1), -1)
    }
}

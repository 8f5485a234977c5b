/// The layout of a convolution's input (Haiku's `data_format` string):
/// where the channels are. Write a case (`.nchw`) or Haiku's string
/// (`"NCHW"`, `"channels_first"`); ``getChannelIndex(_:)`` reads it, and
/// a module given a format it cannot read reports the error when called.
public struct DataFormat: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// Haiku's spelling, e.g. `"NHWC"`.
    public let rawValue: String

    /// The format spelled `rawValue`.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// The format spelled `value`.
    public init(stringLiteral value: String) { self.init(value) }

    /// The string in quotes, as it is written: `"NHWC"`.
    public var description: String { "\"\(rawValue)\"" }

    /// Channels after the spatial dimensions (`channels_last`).
    public static let channelsLast = DataFormat("channels_last")
    /// Channels before the spatial dimensions (`channels_first`).
    public static let channelsFirst = DataFormat("channels_first")
    /// Batch, width, channels.
    public static let nwc = DataFormat("NWC")
    /// Batch, channels, width.
    public static let ncw = DataFormat("NCW")
    /// Batch, height, width, channels.
    public static let nhwc = DataFormat("NHWC")
    /// Batch, channels, height, width.
    public static let nchw = DataFormat("NCHW")
    /// Batch, depth, height, width, channels.
    public static let ndhwc = DataFormat("NDHWC")
    /// Batch, channels, depth, height, width.
    public static let ncdhw = DataFormat("NCDHW")

    /// Whether the channels come last (``getChannelIndex(_:)`` is -1).
    func channelsComeLast() throws(HaikuError) -> Bool { try getChannelIndex(rawValue) == -1 }
}

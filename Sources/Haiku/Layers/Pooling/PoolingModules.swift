/// Max pool as a module (`hk.MaxPool`): ``maxPool(_:windowShape:strides:padding:channelAxis:file:line:)``
/// with its arguments fixed. It has no parameters.
///
/// ```swift
/// let pool = MaxPool(windowShape: 3, strides: 2, padding: .same)
/// ```
public final class MaxPool: Module {
    /// The window, as given.
    public let windowShape: PoolShape
    /// The strides, as given.
    public let strides: PoolShape
    /// `.same` or `.valid`.
    public let padding: Padding
    /// The axis an integer window or stride skips.
    public let channelAxis: Int?

    /// A max pool with Haiku's arguments and defaults.
    public init(windowShape: PoolShape, strides: PoolShape, padding: Padding, channelAxis: Int? = -1,
                name: ModuleName = nil) {
        (self.windowShape, self.strides, self.padding, self.channelAxis) = (windowShape, strides, padding, channelAxis)
        super.init(name: name)
    }

    /// The arguments given.
    public override var configuration: [String] { poolingConfiguration(windowShape, strides, padding, channelAxis) }

    /// `value` max-pooled.
    public func callAsFunction(_ value: Tensor) -> Tensor {
        method(value) { value in
            maxPool(value, windowShape: windowShape, strides: strides, padding: padding, channelAxis: channelAxis)
        }
    }
}

/// Average pool as a module (`hk.AvgPool`): ``avgPool(_:windowShape:strides:padding:channelAxis:file:line:)``
/// with its arguments fixed. It has no parameters.
public final class AvgPool: Module {
    /// The window, as given.
    public let windowShape: PoolShape
    /// The strides, as given.
    public let strides: PoolShape
    /// `.same` or `.valid`.
    public let padding: Padding
    /// The axis an integer window or stride skips.
    public let channelAxis: Int?

    /// An average pool with Haiku's arguments and defaults.
    public init(windowShape: PoolShape, strides: PoolShape, padding: Padding, channelAxis: Int? = -1,
                name: ModuleName = nil) {
        (self.windowShape, self.strides, self.padding, self.channelAxis) = (windowShape, strides, padding, channelAxis)
        super.init(name: name)
    }

    /// The arguments given.
    public override var configuration: [String] { poolingConfiguration(windowShape, strides, padding, channelAxis) }

    /// `value` average-pooled.
    public func callAsFunction(_ value: Tensor) -> Tensor {
        method(value) { value in
            avgPool(value, windowShape: windowShape, strides: strides, padding: padding, channelAxis: channelAxis)
        }
    }
}

/// A pooling module's arguments for summaries: all but a default channel axis.
private func poolingConfiguration(_ windowShape: PoolShape, _ strides: PoolShape, _ padding: Padding,
                                  _ channelAxis: Int?) -> [String] {
    ["windowShape: \(windowShape)", "strides: \(strides)", "padding: .\(padding == .same ? "same" : "valid")"]
        + (channelAxis == -1 ? [] : ["channelAxis: \(channelAxis.map(String.init) ?? "nil")"])
}

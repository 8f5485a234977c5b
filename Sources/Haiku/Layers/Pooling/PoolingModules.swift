/// What the pooling modules share: Haiku's pooling arguments, fixed at
/// creation. Use ``MaxPool`` or ``AvgPool``; this class has no
/// `callAsFunction` and cannot be created outside this module.
public class PoolingLayer: Module {
    /// The window, as given.
    public let windowShape: PoolShape
    /// The strides, as given.
    public let strides: PoolShape
    /// `.same` or `.valid`.
    public let padding: Padding
    /// The axis an integer window or stride skips.
    public let channelAxis: Int?

    /// A pooling module with Haiku's arguments and defaults; see
    /// ``maxPool(_:windowShape:strides:padding:channelAxis:file:line:)``.
    /// Internal: only ``MaxPool`` and ``AvgPool`` are created.
    init(windowShape: PoolShape, strides: PoolShape, padding: Padding, channelAxis: Int? = -1,
                name: ModuleName = nil) {
        (self.windowShape, self.strides, self.padding, self.channelAxis) = (windowShape, strides, padding, channelAxis)
        super.init(name: name)
    }

    /// The arguments given (the channel axis when not -1).
    public override var configuration: [String] {
        ["windowShape: \(windowShape)", "strides: \(strides)", "padding: .\(padding == .same ? "same" : "valid")"]
            + (channelAxis == -1 ? [] : ["channelAxis: \(channelAxis.map(String.init) ?? "nil")"])
    }
}

/// Max pool as a module (`hk.MaxPool`): ``maxPool(_:windowShape:strides:padding:channelAxis:file:line:)``
/// with its arguments fixed. It has no parameters.
///
/// ```swift
/// let pool = MaxPool(windowShape: 3, strides: 2, padding: .same)
/// ```
public final class MaxPool: PoolingLayer, UnaryLayer {
    /// A module that calls ``maxPool(_:windowShape:strides:padding:channelAxis:file:line:)`` with
    /// these arguments (Haiku's defaults: `channelAxis: -1`, a name after the class).
    public override init(windowShape: PoolShape, strides: PoolShape, padding: Padding, channelAxis: Int? = -1,
                         name: ModuleName = nil) {
        super.init(windowShape: windowShape, strides: strides, padding: padding, channelAxis: channelAxis, name: name)
    }

    /// `value` max-pooled.
    public func callAsFunction(_ value: Tensor) -> Tensor {
        method(value) { value in
            maxPool(value, windowShape: windowShape, strides: strides, padding: padding, channelAxis: channelAxis)
        }
    }
}

/// Average pool as a module (`hk.AvgPool`): ``avgPool(_:windowShape:strides:padding:channelAxis:file:line:)``
/// with its arguments fixed. It has no parameters.
public final class AvgPool: PoolingLayer, UnaryLayer {
    /// A module that calls ``avgPool(_:windowShape:strides:padding:channelAxis:file:line:)`` with
    /// these arguments (Haiku's defaults: `channelAxis: -1`, a name after the class).
    public override init(windowShape: PoolShape, strides: PoolShape, padding: Padding, channelAxis: Int? = -1,
                         name: ModuleName = nil) {
        super.init(windowShape: windowShape, strides: strides, padding: padding, channelAxis: channelAxis, name: name)
    }

    /// `value` average-pooled.
    public func callAsFunction(_ value: Tensor) -> Tensor {
        method(value) { value in
            avgPool(value, windowShape: windowShape, strides: strides, padding: padding, channelAxis: channelAxis)
        }
    }
}

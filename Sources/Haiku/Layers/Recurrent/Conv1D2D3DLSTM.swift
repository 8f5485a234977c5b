/// A one-dimensional convolutional LSTM (`hk.Conv1DLSTM`): ``ConvNDLSTM``
/// over `[batch, width, channels]` inputs.
public final class Conv1DLSTM: ConvNDLSTM {
    /// A 1-D convolutional LSTM; the arguments are those of
    /// ``ConvNDLSTM/init(numSpatialDims:inputShape:outputChannels:kernelShape:name:)``.
    public init(inputShape: [Int], outputChannels: Int, kernelShape: SpatialShape, name: ModuleName = nil) {
        super.init(numSpatialDims: 1, inputShape: inputShape, outputChannels: outputChannels,
                   kernelShape: kernelShape, name: name)
    }
}

/// A two-dimensional convolutional LSTM (`hk.Conv2DLSTM`): ``ConvNDLSTM``
/// over `[batch, height, width, channels]` inputs.
///
/// ```swift
/// let core = Conv2DLSTM(inputShape: [8, 8], outputChannels: 4, kernelShape: 3)
/// let state = core.initialState(batchSize: 2)   // hidden, cell: [2, 8, 8, 4]
/// let (output, next) = core(x, state)           // x: [2, 8, 8, C] → output: [2, 8, 8, 4]
/// ```
public final class Conv2DLSTM: ConvNDLSTM {
    /// A 2-D convolutional LSTM; the arguments are those of
    /// ``ConvNDLSTM/init(numSpatialDims:inputShape:outputChannels:kernelShape:name:)``.
    public init(inputShape: [Int], outputChannels: Int, kernelShape: SpatialShape, name: ModuleName = nil) {
        super.init(numSpatialDims: 2, inputShape: inputShape, outputChannels: outputChannels,
                   kernelShape: kernelShape, name: name)
    }
}

/// A three-dimensional convolutional LSTM (`hk.Conv3DLSTM`): ``ConvNDLSTM``
/// over `[batch, depth, height, width, channels]` inputs.
public final class Conv3DLSTM: ConvNDLSTM {
    /// A 3-D convolutional LSTM; the arguments are those of
    /// ``ConvNDLSTM/init(numSpatialDims:inputShape:outputChannels:kernelShape:name:)``.
    public init(inputShape: [Int], outputChannels: Int, kernelShape: SpatialShape, name: ModuleName = nil) {
        super.init(numSpatialDims: 3, inputShape: inputShape, outputChannels: outputChannels,
                   kernelShape: kernelShape, name: name)
    }
}

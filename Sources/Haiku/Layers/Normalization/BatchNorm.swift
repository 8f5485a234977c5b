/// Batch normalization (`hk.BatchNorm`, https://arxiv.org/abs/1502.03167):
/// the input minus its mean, divided by its standard deviation, over every
/// axis but the channels (or over `axis`), then scaled and offset.
///
/// ```swift
/// let bn = BatchNorm(createScale: true, createOffset: true, decayRate: 0.9)
/// let y = bn(x, isTraining: true)     // batch statistics, updates the averages
/// let z = bn(x, isTraining: false)    // the moving averages
/// ```
///
/// In training (or with `testLocalStats`) the statistics are the batch's
/// mean and `E[x²] - E[x]²`; with `crossReplicaAxis` both are averaged over
/// that named axis with ``pmean(_:axisName:axisIndexGroups:file:line:)``
/// (inside `vmap(axisName:)` every example then sees the same statistics).
/// Otherwise they are the moving averages. Training updates the averages.
///
/// State: submodules `mean_ema` and `var_ema` (zero-debiased
/// ``ExponentialMovingAverage``s of decay `decayRate`), each with
/// `counter`, `hidden` and `average` of the statistics' shape (the input's
/// shape with 1 on the reduced axes). Parameters: `scale` (default ones)
/// and `offset` (default zeros) of that shape, in the input's dtype, when
/// `createScale`/`createOffset`; otherwise a scale and offset can be passed
/// to each call (conditional normalization).
public final class BatchNorm: Module {
    /// Whether the module owns a `scale` parameter.
    public let createScale: Bool
    /// Whether the module owns an `offset` parameter.
    public let createOffset: Bool
    /// The decay of the moving averages.
    public let decayRate: Double
    /// Added to the variance.
    public let eps: Double
    /// The axes the statistics are computed over; nil for all but the channels.
    public let axis: [Int]?
    /// The named axis the statistics are averaged over, or nil.
    public let crossReplicaAxis: String?
    /// Groups of indices along `crossReplicaAxis` averaged separately, or nil.
    public let crossReplicaAxisIndexGroups: [[Int]]?
    /// Where the channels are.
    public let dataFormat: DataFormat
    let scaleInit: (any Initializer)?
    let offsetInit: (any Initializer)?
    /// The moving average of the mean (`mean_ema`).
    public let meanEMA: ExponentialMovingAverage
    /// The moving average of the variance (`var_ema`).
    public let varEMA: ExponentialMovingAverage

    /// A batch normalization; Haiku's constructor errors (an initializer
    /// for a parameter that is not created, index groups without an axis, an
    /// unreadable data format) are reported when the module is called.
    public init(createScale: Bool, createOffset: Bool, decayRate: Double, eps: Double = 1e-5,
                scaleInit: (any Initializer)? = nil, offsetInit: (any Initializer)? = nil, axis: [Int]? = nil,
                crossReplicaAxis: String? = nil, crossReplicaAxisIndexGroups: [[Int]]? = nil,
                dataFormat: DataFormat = .channelsLast, name: ModuleName = nil) {
        (self.createScale, self.createOffset, self.decayRate, self.eps) = (createScale, createOffset, decayRate, eps)
        (self.scaleInit, self.offsetInit, self.axis, self.dataFormat) = (scaleInit, offsetInit, axis, dataFormat)
        (self.crossReplicaAxis, self.crossReplicaAxisIndexGroups) = (crossReplicaAxis, crossReplicaAxisIndexGroups)
        meanEMA = ExponentialMovingAverage(decay: decayRate, name: "mean_ema")
        varEMA = ExponentialMovingAverage(decay: decayRate, name: "var_ema")
        super.init(name: name)
    }

    /// `createScale: true, createOffset: true, decayRate: 0.9`, and the
    /// other arguments that differ from Haiku's defaults.
    public override var configuration: [String] {
        var entries = ["createScale: \(createScale)", "createOffset: \(createOffset)", "decayRate: \(decayRate)"]
        if eps != 1e-5 { entries.append("eps: \(eps)") }
        if let axis { entries.append("axis: \(axis)") }
        if let crossReplicaAxis { entries.append("crossReplicaAxis: \"\(crossReplicaAxis)\"") }
        if let crossReplicaAxisIndexGroups { entries.append("crossReplicaAxisIndexGroups: \(crossReplicaAxisIndexGroups)") }
        if dataFormat != .channelsLast { entries.append("dataFormat: \(dataFormat)") }
        return entries
    }

    /// `inputs` normalized.
    ///
    /// - Parameters:
    ///   - isTraining: use the batch statistics and update the moving averages.
    ///   - testLocalStats: use the batch statistics when not training.
    ///   - scale: multiplies the normalized input (broadcastable to it); only
    ///     without `createScale`. Default 1.
    ///   - offset: added last (broadcastable); only without `createOffset`. Default 0.
    public func callAsFunction(_ inputs: Tensor, isTraining: Bool, testLocalStats: Bool = false,
                               scale: Tensor? = nil, offset: Tensor? = nil) -> Tensor {
        method(inputs, isTraining, testLocalStats, scale, offset) { inputs, isTraining, testLocalStats, scale, offset in
            reportingErrors(inputs) { () throws(HaikuError) in
                try checkConfiguration(scale: scale, offset: offset)
                let axes = try reducedAxes(rank: inputs.rank)
                let (mean, variance) = isTraining || testLocalStats
                    ? batchStatistics(inputs, axes: axes)
                    : (meanEMA.average.converted(to: inputs.dtype), varEMA.average.converted(to: inputs.dtype))
                if isTraining {
                    _ = meanEMA(mean)
                    _ = varEMA(variance)
                }
                let shape = inputs.shape.indices.map { axes.contains($0) ? 1 : inputs.shape[$0] }
                let scale = createScale
                    ? parameter("scale", shape: shape, dtype: inputs.dtype, init: scaleInit ?? Constant(1))
                    : scale ?? Tensor.ones([], dtype: inputs.dtype)
                let offset = createOffset
                    ? parameter("offset", shape: shape, dtype: inputs.dtype, init: offsetInit ?? Constant(0))
                    : offset ?? Tensor.zeros([], dtype: inputs.dtype)
                let inverse = scale * rsqrt(variance + Tensor(eps, dtype: variance.dtype))
                return (inputs - mean) * inverse + offset
            }
        }
    }

    /// Haiku's constructor and call errors, in its order, after the decay
    /// (which Haiku does not check: it documents `[0, 1)`).
    private func checkConfiguration(scale: Tensor?, offset: Tensor?) throws(HaikuError) {
        try ExponentialMovingAverage.checkDecay(decayRate, name: "decay_rate")
        try Normalization.checkInitializers(createScale: createScale, scaleInit: scaleInit,
                                            createOffset: createOffset, offsetInit: offsetInit)
        if crossReplicaAxis == nil && crossReplicaAxisIndexGroups != nil {
            throw HaikuError.invalidArgument(
                "`cross_replica_axis` name must be specifiedif `cross_replica_axis_index_groups` are used.", location: nil)
        }
        try Normalization.checkCallArguments(createScale: createScale, scale: scale, createOffset: createOffset, offset: offset)
        if let crossReplicaAxis,
           let problem = collectiveProblem(axisName: crossReplicaAxis, axisIndexGroups: crossReplicaAxisIndexGroups) {
            throw HaikuError.invalidArgument("cross_replica_axis: \(problem)", location: nil)
        }
    }

    /// The axes the statistics reduce: `axis` as given (Haiku gives
    /// negative ones to `jnp.mean` and compares the raw values when shaping
    /// the parameters), or all but the channels. An axis out of range, or
    /// one given twice, is an error.
    private func reducedAxes(rank: Int) throws(HaikuError) -> [Int] {
        let channelIndex = try getChannelIndex(dataFormat.rawValue)
        let channels = channelIndex < 0 ? channelIndex + rank : channelIndex
        guard let axis else { return (0..<rank).filter { $0 != channels } }
        guard (try? Axes.list(axis).resolved(rank: rank)) != nil else {
            throw HaikuError.invalidArgument("axis \(axis) is out of range or repeated for an input of rank \(rank)",
                                             location: nil)
        }
        return axis
    }

    /// The batch mean and `E[x²] - E[x]²` over `axes`, kept as size-1
    /// dimensions, each averaged over `crossReplicaAxis` when there is one.
    private func batchStatistics(_ inputs: Tensor, axes: [Int]) -> (mean: Tensor, variance: Tensor) {
        var mean = inputs.mean(axes: axes, keepDims: true)
        var meanOfSquares = square(inputs).mean(axes: axes, keepDims: true)
        if let crossReplicaAxis {
            mean = pmean(mean, axisName: crossReplicaAxis, axisIndexGroups: crossReplicaAxisIndexGroups)
            meanOfSquares = pmean(meanOfSquares, axisName: crossReplicaAxis, axisIndexGroups: crossReplicaAxisIndexGroups)
        }
        return (mean, meanOfSquares - square(mean))
    }
}

extension BatchNorm: Layer {
    /// `callAsFunction(inputs, isTraining:testLocalStats:scale:offset:)`
    /// with the call's `isTraining` (required), `testLocalStats` (a `Bool`),
    /// `scale` and `offset` (`Tensor`s).
    public func callAsLayer(_ inputs: Tensor, arguments: LayerArguments) -> Tensor {
        arguments.call(self, accepting: ["isTraining", "testLocalStats", "scale", "offset"], inputs) { () throws(HaikuError) in
            callAsFunction(inputs, isTraining: try arguments.required("isTraining", by: self),
                           testLocalStats: try arguments.value("testLocalStats", by: self) ?? false,
                           scale: try arguments.value("scale", by: self), offset: try arguments.value("offset", by: self))
        }
    }
}

extension ResNet {
    /// The batch normalization settings of a ResNet (Haiku's `bn_config`
    /// dictionary), passed to every ``BatchNorm`` of the network. A field
    /// left nil takes the default of whoever uses the configuration:
    /// ``ResNet`` fills `decayRate: 0.9, eps: 1e-5, createScale: true,
    /// createOffset: true`; a ``BlockV1`` used on its own fills
    /// `decayRate: 0.999` and both `create` flags; a ``BlockV2`` used on its
    /// own fills the flags only, so it needs a `decayRate`.
    ///
    /// ```swift
    /// let net = ResNet18(10, bnConfig: .init(decayRate: 0.99, eps: 1e-3))
    /// ```
    public struct BatchNormConfig: Sendable, Equatable, CustomStringConvertible {
        /// The moving averages' decay (`decay_rate`).
        public var decayRate: Double?
        /// Added to the variance (`eps`).
        public var eps: Double?
        /// Whether each batch norm owns a `scale` (`create_scale`).
        public var createScale: Bool?
        /// Whether each batch norm owns an `offset` (`create_offset`).
        public var createOffset: Bool?
        /// The named axis the statistics are averaged over (`cross_replica_axis`).
        public var crossReplicaAxis: String?
        /// Groups of indices along `crossReplicaAxis` (`cross_replica_axis_index_groups`).
        public var crossReplicaAxisIndexGroups: [[Int]]?

        /// A configuration; nil fields take the user's defaults (see the type).
        public init(decayRate: Double? = nil, eps: Double? = nil, createScale: Bool? = nil, createOffset: Bool? = nil,
                    crossReplicaAxis: String? = nil, crossReplicaAxisIndexGroups: [[Int]]? = nil) {
            (self.decayRate, self.eps, self.createScale, self.createOffset) = (decayRate, eps, createScale, createOffset)
            (self.crossReplicaAxis, self.crossReplicaAxisIndexGroups) = (crossReplicaAxis, crossReplicaAxisIndexGroups)
        }

        /// The fields given, as Haiku's keys would be: `decayRate: 0.9, eps: 1e-05`.
        public var description: String {
            let fields: [(String, String?)] = [
                ("decayRate", decayRate.map { "\($0)" }), ("eps", eps.map { "\($0)" }),
                ("createScale", createScale.map { "\($0)" }), ("createOffset", createOffset.map { "\($0)" }),
                ("crossReplicaAxis", crossReplicaAxis.map { "\"\($0)\"" }),
                ("crossReplicaAxisIndexGroups", crossReplicaAxisIndexGroups.map { "\($0)" }),
            ]
            return fields.compactMap { key, value in value.map { "\(key): \($0)" } }.joined(separator: ", ")
        }

        /// This configuration with each nil field among those given set
        /// (Python's `dict.setdefault`).
        func filling(decayRate: Double? = nil, eps: Double? = nil, createScale: Bool, createOffset: Bool) -> Self {
            var filled = self
            filled.decayRate = self.decayRate ?? decayRate
            filled.eps = self.eps ?? eps
            filled.createScale = self.createScale ?? createScale
            filled.createOffset = self.createOffset ?? createOffset
            return filled
        }

        /// Why a block cannot build its batch norms from this
        /// configuration, or nil: Haiku's `BatchNorm` has no default decay.
        var problem: String? { decayRate == nil ? "bnConfig needs a decayRate (BatchNorm has no default)" : nil }

        /// A batch norm named `name` with these settings (filled first;
        /// without a decay rate, see ``problem``, it is never called).
        func batchNorm(name: String, scaleInit: (any Initializer)? = nil) -> BatchNorm {
            BatchNorm(createScale: createScale ?? true, createOffset: createOffset ?? true, decayRate: decayRate ?? 0,
                      eps: eps ?? 1e-5, scaleInit: scaleInit, axis: nil, crossReplicaAxis: crossReplicaAxis,
                      crossReplicaAxisIndexGroups: crossReplicaAxisIndexGroups, name: ModuleName(name))
        }
    }
}

extension ResNet {
    /// The settings of a ResNet's final `Linear` layer (Haiku's
    /// `logits_config`), with Haiku's defaults: a zero-initialized weight
    /// (`w_init=jnp.zeros`: every class starts at the bias), a bias, named
    /// `logits`.
    ///
    /// ```swift
    /// let net = ResNet50(1000, logitsConfig: .init(wInit: TruncatedNormal(stddev: 0.01)))
    /// ```
    public struct LogitsConfig {
        /// Whether the layer adds a bias (`with_bias`).
        public var withBias: Bool
        /// The weight's initializer (`w_init`, default zeros).
        public var wInit: any Initializer
        /// The bias's initializer; nil for zeros (`b_init`).
        public var bInit: (any Initializer)?
        /// The module's name (`name`).
        public var name: String

        /// A configuration; every argument defaults to Haiku's value.
        public init(withBias: Bool = true, wInit: any Initializer = Constant(0), bInit: (any Initializer)? = nil,
                    name: String = "logits") {
            (self.withBias, self.wInit, self.bInit, self.name) = (withBias, wInit, bInit, name)
        }

        /// The layer this configuration describes, with `numClasses` outputs.
        func linear(_ numClasses: Int) -> Linear {
            Linear(numClasses, withBias: withBias, wInit: wInit, bInit: bInit, name: ModuleName(name))
        }
    }
}

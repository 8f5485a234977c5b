extension ResNet {
    /// The settings of a ResNet's first convolution (Haiku's
    /// `initial_conv_config`, the keyword arguments of its `Conv2D`), with
    /// Haiku's defaults: 64 channels, a 7x7 kernel, stride 2, `.same`
    /// padding, no bias, named `initial_conv`.
    ///
    /// ```swift
    /// // A CIFAR-style stem: 3x3, stride 1.
    /// let net = ResNet18(10, initialConvConfig: .init(kernelShape: 3, stride: 1))
    /// ```
    public struct InitialConvConfig {
        /// The number of output channels (`output_channels`).
        public var outputChannels: Int
        /// The kernel's spatial shape (`kernel_shape`).
        public var kernelShape: SpatialShape
        /// The stride (`stride`).
        public var stride: SpatialShape
        /// The kernel's dilation (`rate`).
        public var rate: SpatialShape
        /// The padding (`padding`).
        public var padding: ConvPadding
        /// Whether the convolution adds a bias (`with_bias`).
        public var withBias: Bool
        /// The weight's initializer; nil for `Conv2D`'s default (`w_init`).
        public var wInit: (any Initializer)?
        /// The bias's initializer; nil for zeros (`b_init`).
        public var bInit: (any Initializer)?
        /// The module's name (`name`).
        public var name: String

        /// A configuration; every argument defaults to Haiku's value.
        public init(outputChannels: Int = 64, kernelShape: SpatialShape = 7, stride: SpatialShape = 2,
                    rate: SpatialShape = 1, padding: ConvPadding = .same, withBias: Bool = false,
                    wInit: (any Initializer)? = nil, bInit: (any Initializer)? = nil, name: String = "initial_conv") {
            (self.outputChannels, self.kernelShape, self.stride, self.rate) = (outputChannels, kernelShape, stride, rate)
            (self.padding, self.withBias, self.wInit, self.bInit, self.name) = (padding, withBias, wInit, bInit, name)
        }

        /// The convolution this configuration describes.
        func conv() -> Conv2D {
            Conv2D(outputChannels: outputChannels, kernelShape: kernelShape, stride: stride, rate: rate, padding: padding,
                   withBias: withBias, wInit: wInit, bInit: bInit, name: ModuleName(name))
        }
    }
}

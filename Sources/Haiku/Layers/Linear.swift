/// A fully connected layer, `x · w + b` over the last axis (`hk.Linear`).
///
/// Parameters: `w` of shape `[inputSize, outputSize]` (default initializer
/// `TruncatedNormal(stddev: 1/√inputSize)`), `b` of shape `[outputSize]`
/// (default zeros), both in the input's dtype.
public final class Linear: Module, UnaryLayer {
    /// The number of output features.
    public let outputSize: Int
    /// Whether `b` is added.
    public let withBias: Bool
    let wInit: (any Initializer)?
    let bInit: any Initializer
    /// The number of input features, known after the first call.
    public private(set) var inputSize: Int?

    /// A layer with `outputSize` outputs.
    public init(_ outputSize: Int, withBias: Bool = true, wInit: (any Initializer)? = nil,
                bInit: (any Initializer)? = nil, name: ModuleName = nil) {
        self.outputSize = outputSize
        self.withBias = withBias
        self.wInit = wInit
        self.bInit = bInit ?? Constant(0)
        super.init(name: name)
    }

    /// `outputSize: 300`, and the other arguments that differ from Haiku's defaults.
    public override var configuration: [String] {
        ["outputSize: \(outputSize)"] + (withBias ? [] : ["withBias: false"])
    }

    /// `inputs · w + b`; `inputs` must have at least one axis.
    public func callAsFunction(_ inputs: Tensor) -> Tensor {
        method(inputs) { inputs in
            guard let inputSize = inputs.shape.last else {
                return HaikuError.invalidArgument("Linear input must not be a scalar", location: nil)
                    .poisoned(TensorType(inputs.dtype, [outputSize]))
            }
            self.inputSize = inputSize
            let w = parameter("w", shape: [inputSize, outputSize], dtype: inputs.dtype,
                              init: wInit ?? TruncatedNormal(stddev: 1 / Double(inputSize).squareRoot()))
            let output = matmul(inputs, w)
            guard withBias else { return output }
            return output + parameter("b", shape: [outputSize], dtype: inputs.dtype, init: bInit)
        }
    }
}

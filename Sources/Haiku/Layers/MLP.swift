/// A multi-layer perceptron (`hk.nets.MLP`): `Linear` layers named
/// `linear_0`, `linear_1`, ... with an activation between them (and after
/// the last with `activateFinal`).
public final class MLP: Module {
    /// The layers, first to last.
    public let layers: [Linear]
    /// The activation between layers (default `relu`).
    public let activation: (Tensor) -> Tensor
    /// Whether the activation (and dropout) also follows the last layer.
    public let activateFinal: Bool
    let wInit: (any Initializer)?
    let bInit: (any Initializer)?
    let withBias: Bool
    private let outputSizes: [Int]

    /// An MLP with layers of `outputSizes`. Giving `bInit` with
    /// `withBias: false` is an error (reported by `initialize`).
    public init(_ outputSizes: [Int], wInit: (any Initializer)? = nil, bInit: (any Initializer)? = nil,
                withBias: Bool = true, activation: @escaping (Tensor) -> Tensor = { relu($0) },
                activateFinal: Bool = false, name: ModuleName = nil) {
        self.outputSizes = outputSizes
        self.wInit = wInit
        self.bInit = bInit
        self.withBias = withBias
        self.activation = activation
        self.activateFinal = activateFinal
        layers = outputSizes.enumerated().map { index, size in
            Linear(size, withBias: withBias, wInit: wInit, bInit: bInit, name: "linear_\(index)")
        }
        super.init(name: name)
        if !withBias, bInit != nil {
            _ = Frame.current?.fail(.invalidArgument("MLP: bInit must not be given with withBias: false", location: nil))
        }
    }

    /// `outputSizes: [...]` and the options that differ from Haiku's defaults.
    public override var configuration: [String] {
        ["outputSizes: \(outputSizes)"] + (withBias ? [] : ["withBias: false"])
            + (activateFinal ? ["activateFinal: true"] : [])
    }

    /// The network applied to `inputs`; with `dropoutRate` (and then an
    /// `rng`), dropout before each activation.
    public func callAsFunction(_ inputs: Tensor, dropoutRate: Double? = nil, rng: PRNGKey? = nil) -> Tensor {
        method(inputs) { inputs in
            if (dropoutRate == nil) != (rng == nil) {
                let reason = dropoutRate == nil ? "MLP: an rng is only for dropout; give dropoutRate too"
                    : "MLP: dropout needs an rng"
                return HaikuError.invalidArgument(reason, location: nil)
                    .poisoned(TensorType(inputs.dtype, Array(inputs.shape.dropLast()) + [outputSizes.last ?? 0]))
            }
            var keys = rng.map { PRNGSequence($0) }
            var output = inputs
            for (index, layer) in layers.enumerated() {
                output = layer(output)
                if index < layers.count - 1 || activateFinal {
                    if let dropoutRate, var sequence = keys {
                        output = dropout(sequence.next(), rate: dropoutRate, output)
                        keys = sequence
                    }
                    output = activation(output)
                }
            }
            return output
        }
    }

    /// An MLP mapping this one's outputs back to its inputs' size
    /// (`reverse`): layers in reverse order, sized by the inputs each
    /// layer saw, so it needs this MLP called first. Named `<name>_reversed`
    /// unless `name` is given; no parameters are shared.
    public func reversed(activateFinal: Bool? = nil, name: ModuleName = nil) -> MLP {
        // A method of its own in Haiku (`reverse`): the new MLP is named inside it.
        method(name: "reverse") { () -> MLP in
            let sizes = layers.reversed().map { $0.inputSize ?? 0 }
            if layers.contains(where: { $0.inputSize == nil }) {
                _ = Frame.current?.fail(.invalidArgument("MLP.reversed() needs the MLP to have been called first", location: nil))
            }
            return MLP(sizes, wInit: wInit, bInit: bInit, withBias: withBias, activation: activation,
                       activateFinal: activateFinal ?? self.activateFinal,
                       name: ModuleName(name.value ?? self.name + "_reversed"))
        }
    }
}

extension MLP: Layer {
    /// `callAsFunction(inputs, dropoutRate:rng:)`, with the call's
    /// `dropoutRate` (a `Double`) and `rng` (a `PRNGKey`) when given.
    public func callAsLayer(_ inputs: Tensor, arguments: LayerArguments) -> Tensor {
        arguments.call(self, accepting: ["dropoutRate", "rng"], inputs) { () throws(HaikuError) in
            callAsFunction(inputs, dropoutRate: try arguments.value("dropoutRate", by: self),
                           rng: try arguments.value("rng", by: self))
        }
    }
}

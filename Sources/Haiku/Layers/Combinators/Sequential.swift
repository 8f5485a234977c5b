/// Layers applied in order, each to the previous one's output
/// (`hk.Sequential`). A layer is a module (any ``Layer``) or a function:
///
/// ```swift
/// let net = Sequential([Linear(300), relu, Linear(10)])
/// let logits = net(images)
/// ```
///
/// Extra arguments of the call go to the first layer only, as in Haiku:
///
/// ```swift
/// let net = Sequential([BatchNorm(createScale: true, createOffset: true, decayRate: 0.9), Linear(10), relu])
/// let y = net(x, isTraining: true)
/// ```
///
/// The list is `[Any]` so that modules and functions mix in one literal;
/// each entry becomes an ``AnyLayer``, and one that is neither a layer nor
/// a function is an error naming its position when the `Sequential` is
/// called. Modules created in the list keep their own names (`linear`,
/// `linear_1`), as in Haiku, since they are made before the `Sequential`.
public final class Sequential: Module, Layer {
    /// The layers, first to last.
    public let layers: [AnyLayer]

    /// A sequence of `layers`: modules (``Layer``s) and functions.
    public init(_ layers: [Any], name: ModuleName = nil) {
        self.layers = layers.map(AnyLayer.init)
        super.init(name: name)
    }

    /// `layers: [Linear(outputSize: 300), function, Linear(outputSize: 10)]`.
    public override var configuration: [String] {
        ["layers: [\(layers.map(\.configurationEntry).joined(separator: ", "))]"]
    }

    /// The output of the last layer.
    public func callAsFunction(_ inputs: Tensor) -> Tensor {
        callAsFunction(inputs, arguments: [:])
    }

    /// The output of the last layer, the first given `isTraining`.
    public func callAsFunction(_ inputs: Tensor, isTraining: Bool) -> Tensor {
        callAsFunction(inputs, arguments: ["isTraining": isTraining])
    }

    /// The output of the last layer, the first given `arguments`.
    public func callAsFunction(_ inputs: Tensor, arguments: LayerArguments) -> Tensor {
        method(inputs, arguments) { inputs, arguments in
            for (index, layer) in layers.enumerated() {
                if let reason = layer.unusableReason { return invalidArgument("layer \(index): \(reason)").poisoned(inputs.type) }
            }
            if !arguments.isEmpty, layers.first?.isPlainFunction == true {
                let labels = arguments.labels.map { "`\($0)`" }.joined(separator: ", ")
                return invalidArgument("layer 0 is a function (Tensor) -> Tensor, which takes no arguments, but was given \(labels)")
                    .poisoned(inputs.type)
            }
            var output = inputs
            for (index, layer) in layers.enumerated() {
                output = layer.callAsLayer(output, arguments: index == 0 ? arguments : [:])
            }
            return output
        }
    }

    /// The layers applied in order, the first given `arguments`.
    public func callAsLayer(_ inputs: Tensor, arguments: LayerArguments) -> Tensor {
        callAsFunction(inputs, arguments: arguments)
    }
}

/// Layers applied in order, each to the previous one's output
/// (`hk.Sequential`). Layers are functions: a module's `callAsFunction`
/// or a closure.
///
/// ```swift
/// let net = Sequential([Linear(300).callAsFunction, { relu($0) }, Linear(10).callAsFunction])
/// ```
///
/// Modules created in the list keep their own names (`linear`, `linear_1`),
/// as in Haiku, since they are made before the `Sequential`.
public final class Sequential: Module {
    /// The layers, first to last.
    public let layers: [(Tensor) -> Tensor]

    /// A sequence of `layers`.
    public init(_ layers: [(Tensor) -> Tensor], name: ModuleName = nil) {
        self.layers = layers
        super.init(name: name)
    }

    /// The output of the last layer.
    public func callAsFunction(_ inputs: Tensor) -> Tensor {
        method(inputs) { inputs in layers.reduce(inputs) { output, layer in layer(output) } }
    }
}

/// One entry of a list of layers given as `[Any]`, so that one array
/// literal can hold modules and plain functions (Haiku's `layers`): a
/// ``Layer``, a function `(Tensor) -> Tensor` (`relu`, `{ (x: Tensor) in x * 2 }`), or a
/// function `(Tensor, LayerArguments) -> Tensor` that reads the call's
/// extra arguments. ``Sequential`` keeps its layers so.
public struct AnyLayer: Layer {
    enum Kind {
        case layer(any Layer)
        case function((Tensor) -> Tensor)
        case functionOfArguments((Tensor, LayerArguments) -> Tensor)
        /// A value of another type, by its type's name.
        case unusable(String)
    }

    let kind: Kind

    /// `value` as a layer. A value of another type is kept, and calling it
    /// is an error naming its type.
    public init(_ value: Any) {
        switch value {
        case let layer as AnyLayer: kind = layer.kind
        case let layer as any Layer: kind = .layer(layer)
        // Global functions such as `relu` arrive as `@Sendable`, which a
        // cast to the plain function type does not match.
        case let function as (Tensor) -> Tensor: kind = .function(function)
        case let function as @Sendable (Tensor) -> Tensor: kind = .function(function)
        case let function as (Tensor, LayerArguments) -> Tensor: kind = .functionOfArguments(function)
        case let function as @Sendable (Tensor, LayerArguments) -> Tensor: kind = .functionOfArguments(function)
        default: kind = .unusable(String(describing: type(of: value)))
        }
    }

    /// How `tabulate` shows this entry: a module as its description
    /// (`Linear(outputSize: 10)`), a function as `function`.
    var configurationEntry: String {
        switch kind {
        case let .layer(layer): (layer as? Module)?.description ?? "\(type(of: layer))"
        case .function, .functionOfArguments: "function"
        case let .unusable(typeName): typeName
        }
    }

    /// Whether this entry is a function that takes no arguments.
    var isPlainFunction: Bool {
        if case .function = kind { return true }
        return false
    }

    /// Why this entry cannot be called, or nil when it can.
    var unusableReason: String? {
        guard case let .unusable(typeName) = kind else { return nil }
        return "a \(typeName) is not a layer: give a Layer (a module such as Linear), a function "
            + "(Tensor) -> Tensor or a function (Tensor, LayerArguments) -> Tensor"
    }

    /// The layer's output; a plain function given extra arguments is an error.
    public func callAsLayer(_ inputs: Tensor, arguments: LayerArguments) -> Tensor {
        switch kind {
        case let .layer(layer): return layer.callAsLayer(inputs, arguments: arguments)
        case let .functionOfArguments(function): return function(inputs, arguments)
        case let .function(function):
            return arguments.call("a function (Tensor) -> Tensor", accepting: [], inputs) { function(inputs) }
        case .unusable:
            return HaikuError.invalidArgument(unusableReason ?? "", location: nil).poisoned(inputs.type)
        }
    }
}

/// Something that maps a tensor to a tensor and can take part in a
/// ``Sequential`` (Haiku's "layer": a module or a function). Modules
/// conform by implementing ``callAsLayer(_:arguments:)``; most conform
/// through ``UnaryLayer`` or ``TrainingLayer`` instead, which implement it.
///
/// The extra arguments are those a ``Sequential`` was called with, which
/// go to its first layer only (Haiku's `*args, **kwargs`).
public protocol Layer {
    /// `inputs` through this layer, given the extra `arguments` of the call.
    /// A label the layer does not take, or a value of the wrong type, is an
    /// error naming the layer.
    func callAsLayer(_ inputs: Tensor, arguments: LayerArguments) -> Tensor
}

/// A layer whose only argument is its input (``Linear``, the convolutions,
/// pooling, ``Flatten``, a user's block): conforming needs nothing but its
/// `callAsFunction(_:)`.
///
/// ```swift
/// final class Block: Module, UnaryLayer {
///     func callAsFunction(_ x: Tensor) -> Tensor { method(x) { x in relu(Linear(8)(x)) } }
/// }
/// ```
public protocol UnaryLayer: Layer {
    /// The layer's output for `inputs`.
    func callAsFunction(_ inputs: Tensor) -> Tensor
}

extension UnaryLayer {
    /// `callAsFunction(inputs)`; any extra argument is an error, as
    /// Haiku's `TypeError` for an unexpected argument.
    public func callAsLayer(_ inputs: Tensor, arguments: LayerArguments) -> Tensor {
        arguments.call(self, accepting: [], inputs) { callAsFunction(inputs) }
    }
}

/// A layer that behaves differently in training and evaluation (a user's
/// block with dropout or a ``BatchNorm`` inside): in a ``Sequential`` it is
/// first and the call gives `isTraining`.
///
/// ```swift
/// final class Block: Module, TrainingLayer {
///     func callAsFunction(_ x: Tensor, isTraining: Bool) -> Tensor {
///         method(x) { x in isTraining ? dropout(nextRNGKey(), rate: 0.1, x) : x }
///     }
/// }
/// let y = Sequential([Block(), Linear(10), relu])(x, isTraining: true)
/// ```
///
/// (``BatchNorm`` itself is a ``Layer`` that also reads `testLocalStats`,
/// `scale` and `offset`.)
public protocol TrainingLayer: Layer {
    /// The layer's output for `inputs`, in training when `isTraining`.
    func callAsFunction(_ inputs: Tensor, isTraining: Bool) -> Tensor
}

extension TrainingLayer {
    /// `callAsFunction(inputs, isTraining:)` with the call's `isTraining`,
    /// which must be given; any other label is an error.
    public func callAsLayer(_ inputs: Tensor, arguments: LayerArguments) -> Tensor {
        arguments.call(self, accepting: ["isTraining"], inputs) { () throws(HaikuError) in
            callAsFunction(inputs, isTraining: try arguments.required("isTraining", by: self))
        }
    }
}

/// A layer that may be given an external `scale` and `offset` at call time
/// (conditional normalization: ``LayerNorm``, ``InstanceNorm``,
/// ``GroupNorm``); in a ``Sequential`` it reads them from the call's
/// arguments, both optional.
public protocol ScaleOffsetLayer: Layer {
    /// The layer's output for `inputs`, with the given `scale` and `offset`.
    func callAsFunction(_ inputs: Tensor, scale: Tensor?, offset: Tensor?) -> Tensor
}

extension ScaleOffsetLayer {
    /// `callAsFunction(inputs, scale:offset:)` with the call's `scale` and
    /// `offset` (`Tensor`s) when given; any other label is an error.
    public func callAsLayer(_ inputs: Tensor, arguments: LayerArguments) -> Tensor {
        arguments.call(self, accepting: ["scale", "offset"], inputs) { () throws(HaikuError) in
            callAsFunction(inputs, scale: try arguments.value("scale", by: self), offset: try arguments.value("offset", by: self))
        }
    }
}

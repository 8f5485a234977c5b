/// Runs `f` with the leading `numDims` axes of its inputs merged into one,
/// then splits that axis of its outputs back (`hk.BatchApply`): applies a
/// layer made for `[N, ...]` to `[T, B, ...]`, with one large contraction
/// instead of a batched one.
///
/// Every tensor of the input with at least `numDims` axes is merged
/// (`[T, B, F]` → `[T·B, F]`); tensors of lower rank pass unchanged. Every
/// tensor of the output has its first axis split into the leading axes of
/// the first merged input (in ``TensorTree`` order).
///
/// ```swift
/// let y = BatchApply(Linear(3))(x)                      // x: [T, B, 4] → [T, B, 3]
/// let z = BatchApply { (inputs: [Tensor]) in Linear(3)(inputs[0]) + inputs[1] }([x, bias])  // bias: [3] passes
/// let net = Sequential([BatchApply(Linear(8)), relu])   // a layer when it maps a tensor to a tensor
/// ```
///
/// Errors (poisoned outputs that `initialize`/`apply` throw): no input
/// tensor with `numDims` axes (Haiku's `ValueError`), a negative
/// `numDims`, leading axes whose product overflows (an empty input), an
/// output whose first axis is not the merged size. As in
/// Haiku, inputs whose leading axes differ are merged each on its own; `f`
/// sees what that gives.
public struct BatchApply<Input: TensorTree, Output: TensorTree> {
    /// The number of leading axes merged.
    public let numDims: Int
    private let f: (Input) -> Output

    /// `f` run on inputs with their leading `numDims` axes merged.
    public init(numDims: Int = 2, _ f: @escaping (Input) -> Output) {
        self.numDims = numDims
        self.f = f
    }

    /// `f`'s output for `inputs`, each leading axis merged and split back.
    public func callAsFunction(_ inputs: Input) -> Output {
        guard numDims >= 0 else {
            return HaikuError.invalidArgument("BatchApply: numDims must not be negative, not \(numDims)", location: nil)
                .poisoning(f(inputs))
        }
        guard let example = inputs.leaves.first(where: { $0.rank >= numDims }) else {
            return HaikuError.invalidArgument("BatchApply requires at least one input with ndim >= \(numDims)",
                                              location: nil)
                .poisoning(f(inputs))
        }
        let leading = Array(example.shape.prefix(numDims))
        // An empty tensor may have leading axes whose product overflows.
        guard let size = CheckedSize.product(leading).value else { return overflow(leading).poisoning(f(inputs)) }
        let merged = inputs.mapTensors { x in
            guard x.rank >= numDims else { return x }
            let axes = Array(x.shape.prefix(numDims))
            guard let count = CheckedSize.product(axes).value else { return overflow(axes).poisoned(x.type) }
            return x.reshaped([count] + x.shape.dropFirst(numDims))
        }
        return f(merged).mapTensors { split($0, into: leading, size: size) }
    }

    /// The error for leading axes whose product overflows.
    private func overflow(_ axes: [Int]) -> HaikuError {
        .invalidArgument("BatchApply: the leading axes \(axes) cannot be merged: their product overflows", location: nil)
    }

    /// `y` with its first axis (of `size` elements) split into `leading`.
    private func split(_ y: Tensor, into leading: [Int], size: Int) -> Tensor {
        guard y.shape.first == size else {
            let type = TensorType(y.dtype, leading + y.shape.dropFirst())
            return HaikuError.invalidArgument(
                "BatchApply: an output of shape \(y.shape) does not lead with the merged axis of size \(size) "
                    + "(the inputs' leading axes \(leading))", location: nil).poisoned(type)
        }
        return y.reshaped(leading + y.shape.dropFirst())
    }
}

extension BatchApply: Layer, UnaryLayer where Input == Tensor, Output == Tensor {
    /// `layer` run on its input with the leading `numDims` axes merged.
    public init(_ layer: some Layer, numDims: Int = 2) {
        self.init(numDims: numDims) { layer.callAsLayer($0, arguments: [:]) }
    }
}

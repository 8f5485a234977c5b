/// Reshapes its input, keeping the first `preserveDims` axes (`hk.Reshape`).
///
/// One `-1` in `outputShape` is inferred. A negative `preserveDims`
/// counts the trailing axes to replace instead, so the same module works
/// with and without a batch axis. `preserveDims` 0 or two `-1`s are errors.
public class Reshape: Module, UnaryLayer {
    /// The shape of the reshaped axes.
    public let outputShape: [Int]
    /// Leading axes kept (negative: trailing axes replaced).
    public let preserveDims: Int

    /// A reshape to `outputShape` after the first `preserveDims` axes.
    public init(outputShape: [Int], preserveDims: Int = 1, name: ModuleName = nil) {
        self.outputShape = outputShape
        self.preserveDims = preserveDims
        super.init(name: name)
        if preserveDims == 0 || outputShape.filter({ $0 == -1 }).count > 1 {
            _ = Frame.current?.fail(.invalidArgument(
                "Reshape needs a non-zero preserveDims and at most one -1 in outputShape, not \(preserveDims) and \(outputShape)",
                location: nil))
        }
    }

    /// The arguments given.
    public override var configuration: [String] {
        ["outputShape: \(outputShape)"] + (preserveDims == 1 ? [] : ["preserveDims: \(preserveDims)"])
    }

    /// `inputs` reshaped; inputs with no more than `preserveDims` axes are returned unchanged.
    public func callAsFunction(_ inputs: Tensor) -> Tensor {
        method(inputs) { inputs in
            let preserved = preserveDims > 0 ? preserveDims : Swift.max(0, inputs.rank + preserveDims)
            guard inputs.rank > preserved else { return inputs }
            let kept = Array(inputs.shape[..<preserved])
            let rest = inputs.shape[preserved...].reduce(1, *)
            // An output shape whose product overflows is left for reshaped to reject.
            let known = CheckedSize.product(outputShape.filter { $0 != -1 }).value ?? 1
            let shape = outputShape.map { $0 == -1 ? (known == 0 ? 0 : rest / known) : $0 }
            return inputs.reshaped(kept + shape)
        }
    }
}

/// Flattens all but the first `preserveDims` axes (`hk.Flatten`):
/// `[3, 2, 4]` → `[3, 8]`; a negative `preserveDims` counts trailing axes
/// to flatten.
public final class Flatten: Reshape {
    /// A flatten keeping `preserveDims` leading axes.
    public init(preserveDims: Int = 1, name: ModuleName = nil) {
        super.init(outputShape: [-1], preserveDims: preserveDims, name: name)
    }

    /// `preserveDims` when not 1.
    public override var configuration: [String] { preserveDims == 1 ? [] : ["preserveDims: \(preserveDims)"] }
}

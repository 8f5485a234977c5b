/// Adds a learned bias (`hk.Bias`): `inputs + b * multiplier`.
///
/// `b` covers the axes in `biasDims` (default: every axis but the first,
/// the batch) with size 1 elsewhere, leading unit axes removed; e.g. for
/// `[N, H, W, C]` inputs: default `[H, W, C]`, `biasDims: [-1]` → `[C]`,
/// `biasDims: [1]` → `[H, 1, 1]`, `biasDims: []` → a scalar.
public final class Bias: Module {
    /// The expected input shape without the batch axis, if given.
    public let outputSize: [Int]?
    /// The axes the bias varies along; nil for every non-batch axis.
    public let biasDims: [Int]?
    let bInit: any Initializer

    /// A bias layer.
    public init(outputSize: [Int]? = nil, biasDims: [Int]? = nil, bInit: (any Initializer)? = nil,
                name: ModuleName = nil) {
        self.outputSize = outputSize
        self.biasDims = biasDims
        self.bInit = bInit ?? Constant(0)
        super.init(name: name)
    }

    /// The arguments given.
    public override var configuration: [String] {
        (outputSize.map { ["outputSize: \($0)"] } ?? []) + (biasDims.map { ["biasDims: \($0)"] } ?? [])
    }

    /// `inputs + b` (times `multiplier` when given); `inputs` has a batch axis first.
    public func callAsFunction(_ inputs: Tensor, multiplier: Tensor? = nil) -> Tensor {
        method(inputs, multiplier) { inputs, multiplier in
            guard let shape = biasShape(inputs.shape) else { return inputs }
            var b = parameter("b", shape: shape, dtype: inputs.dtype, init: bInit).broadcast(to: inputs.shape)
            if let multiplier { b = b * multiplier }
            return inputs + b
        }
    }

    /// `biasShape(inputShape:biasDims:)` for this module, or nil after
    /// recording a misuse.
    private func biasShape(_ input: [Int]) -> [Int]? {
        do throws(HaikuError) {
            guard input.count >= 2 else {
                throw HaikuError.invalidArgument("Bias needs inputs of rank 2 or more, not \(input)", location: nil)
            }
            if let outputSize, outputSize != Array(input.dropFirst()) {
                throw HaikuError.invalidArgument("Bias input shape must be [-1] + \(outputSize), not \(input)", location: nil)
            }
            return try Self.biasShape(inputShape: input, biasDims: biasDims)
        } catch {
            _ = Frame.current?.fail(error)
            return nil
        }
    }

    /// The shape of `b` for inputs of `inputShape` (batch axis first) and
    /// `biasDims` (Haiku's `calculate_bias_shape`): every axis but the
    /// first when `biasDims` is nil, a scalar when it is empty, else the
    /// input's sizes on `biasDims` (negative ones count from the end, as
    /// Python's `%`) and 1 elsewhere, leading unit axes removed.
    ///
    /// - Throws: ``HaikuError/invalidArgument(_:location:)`` for an axis
    ///   that is the batch axis or out of range.
    public static func biasShape(inputShape: [Int], biasDims: [Int]?) throws(HaikuError) -> [Int] {
        let rank = inputShape.count
        guard let biasDims else { return Array(inputShape.dropFirst()) }
        guard !biasDims.isEmpty else { return [] }
        var shape = Array(repeating: 1, count: rank)
        for dim in biasDims {
            let axis = dim < 0 && rank > 0 ? ((dim % rank) + rank) % rank : dim
            guard axis != 0 else { throw .invalidArgument("Bias cannot be applied across the batch axis", location: nil) }
            guard axis < rank else {
                throw .invalidArgument("bias axis \(dim) (biasDims: \(biasDims)) is out of range for inputs of rank \(rank)", location: nil)
            }
            shape[axis] = inputShape[axis]
        }
        let start = (1..<max(rank, 1)).first { shape[$0] != 1 } ?? rank
        return Array(shape[start...])
    }
}

extension Bias: Layer {
    /// `callAsFunction(inputs, multiplier:)`, with the call's `multiplier`
    /// (a `Tensor`) when given.
    public func callAsLayer(_ inputs: Tensor, arguments: LayerArguments) -> Tensor {
        arguments.call(self, accepting: ["multiplier"], inputs) { () throws(HaikuError) in
            callAsFunction(inputs, multiplier: try arguments.value("multiplier", by: self))
        }
    }
}

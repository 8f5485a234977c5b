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

    /// Haiku's `calculate_bias_shape`, or nil after recording a misuse.
    private func biasShape(_ input: [Int]) -> [Int]? {
        let rank = input.count
        func reject(_ reason: String) -> [Int]? {
            _ = Frame.current?.fail(.invalidArgument(reason, location: nil))
            return nil
        }
        guard rank >= 2 else { return reject("Bias needs inputs of rank 2 or more, not \(input)") }
        if let outputSize, outputSize != Array(input.dropFirst()) {
            return reject("Bias input shape must be [-1] + \(outputSize), not \(input)")
        }
        guard let biasDims else { return Array(input.dropFirst()) }
        guard !biasDims.isEmpty else { return [] }
        var shape = Array(repeating: 1, count: rank)
        for dim in biasDims {
            let axis = dim < 0 ? dim + rank : dim
            guard axis != 0 else { return reject("Bias cannot be applied across the batch axis") }
            guard (0..<rank).contains(axis) else { return reject("bias axis \(dim) is out of range for rank \(rank)") }
            shape[axis] = input[axis]
        }
        let start = (1..<rank).first { shape[$0] != 1 } ?? rank
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

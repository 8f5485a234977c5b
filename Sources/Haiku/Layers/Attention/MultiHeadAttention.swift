/// Multi-headed attention (`hk.MultiHeadAttention`,
/// https://arxiv.org/abs/1706.03762): queries, keys and values are linear
/// projections of the inputs, split into `numHeads` heads; each head's
/// weights are `softmax(q·kᵀ / √keySize)` over the keys, and the weighted
/// values of all heads, concatenated, go through a last linear projection.
///
/// Parameters: the ``Linear`` layers `query`, `key` (`[D, numHeads·keySize]`),
/// `value` (`[D, numHeads·valueSize]`) and `linear` (`[numHeads·valueSize,
/// modelSize]`), each with a bias unless `withBias` is false, in the
/// inputs' dtype: `multi_head_attention/query/w` and so on.
///
/// ```swift
/// let attention = MultiHeadAttention(numHeads: 4, keySize: 16, wInit: VarianceScaling(scale: 1))
/// let positions = Tensor.arange(T)
/// let causal = (positions.reshaped([T, 1]) .>= positions).reshaped([1, 1, T, T])  // [B, H, T', T] broadcast
/// let y = attention(x, x, x, mask: causal)                   // x: [B, T, D] → [B, T, 64]
/// ```
public final class MultiHeadAttention: Module {
    /// The number of heads (H).
    public let numHeads: Int
    /// The size of each head's queries and keys (K).
    public let keySize: Int
    /// The size of each head's values (V; `keySize` unless given).
    public let valueSize: Int
    /// The size of the output's last axis (`keySize · numHeads` unless given).
    public let modelSize: Int
    /// Whether the projections add a bias.
    public let withBias: Bool
    let wInit: (any Initializer)?
    let wInitScale: Double?
    let bInit: (any Initializer)?

    /// Multi-headed attention with `numHeads` heads of queries and keys of
    /// `keySize`.
    ///
    /// - Parameters:
    ///   - wInitScale: deprecated in Haiku: the weights' initializer is
    ///     `VarianceScaling(scale: wInitScale)`. Give it or `wInit`, not both
    ///     (Haiku's `ValueError`, reported when the module is called).
    ///   - wInit: the weights' initializer.
    ///   - withBias: whether each projection adds a bias.
    ///   - bInit: the biases' initializer (default zeros).
    ///   - valueSize: the size of each head's values (default `keySize`;
    ///     0 too, as Haiku's `value_size or key_size`).
    ///   - modelSize: the output size (default `keySize · numHeads`; 0 too).
    ///   - name: the module's name (default `multi_head_attention`).
    public init(numHeads: Int, keySize: Int, wInitScale: Double? = nil, wInit: (any Initializer)? = nil,
                withBias: Bool = true, bInit: (any Initializer)? = nil, valueSize: Int? = nil,
                modelSize: Int? = nil, name: ModuleName = nil) {
        self.numHeads = numHeads
        self.keySize = keySize
        self.valueSize = valueSize.flatMap { $0 == 0 ? nil : $0 } ?? keySize
        // An overflowing product is reported when the module is called.
        let product = numHeads.multipliedReportingOverflow(by: keySize)
        self.modelSize = modelSize.flatMap { $0 == 0 ? nil : $0 } ?? (product.overflow ? -1 : product.partialValue)
        self.withBias = withBias
        self.bInit = bInit
        self.wInitScale = wInitScale
        self.wInit = wInit
        super.init(name: name)
    }

    /// `numHeads`, `keySize`, then the arguments that differ from Haiku's defaults.
    public override var configuration: [String] {
        ["numHeads: \(numHeads)", "keySize: \(keySize)"]
            + (wInitScale.map { ["wInitScale: \($0)"] } ?? [])
            + (withBias ? [] : ["withBias: false"])
            + (valueSize == keySize ? [] : ["valueSize: \(valueSize)"])
            + (modelSize == keySize &* numHeads ? [] : ["modelSize: \(modelSize)"])
    }

    /// The attention of `query`'s positions over `key`'s and `value`'s.
    ///
    /// - Parameters:
    ///   - query: `[..., T', D_q]`, the sequence the output follows.
    ///   - key: `[..., T, D_k]`.
    ///   - value: `[..., T, D_v]`.
    ///   - mask: where attention is allowed (nonzero or true), of the
    ///     attention logits' rank, `[..., H, T', T]`, broadcastable to them
    ///     (e.g. `[..., 1, T', T]`). Masked logits become `-1e30` before the
    ///     softmax (`jnp.where(mask, logits, -1e30)`), so a fully masked row
    ///     attends uniformly.
    /// - Returns: `[..., T', modelSize]`. The leading axes broadcast as
    ///   NumPy's.
    ///
    /// Errors (reported by `initialize`/`apply`, naming the module): both
    /// or neither of `wInit` and `wInitScale`, sizes that are not positive,
    /// inputs with fewer than two axes, keys and values of different
    /// lengths, a mask of another rank than the logits (Haiku's message) or
    /// that does not broadcast to them.
    public func callAsFunction(_ query: Tensor, _ key: Tensor, _ value: Tensor, mask: Tensor? = nil) -> Tensor {
        method(query, key, value, mask) { query, key, value, mask in
            let resultType = TensorType(query.dtype, Array(query.shape.dropLast()) + [Swift.max(0, modelSize)])
            return reportingErrors(resultType) { () throws(HaikuError) in
                let wInit = try checkedWeightInitializer()
                try checkShapes(query, key, value)
                let queryHeads = projection(query, headSize: keySize, name: "query", wInit: wInit)  // [..., T', H, K]
                let keyHeads = projection(key, headSize: keySize, name: "key", wInit: wInit)  // [..., T, H, K]
                let valueHeads = projection(value, headSize: valueSize, name: "value", wInit: wInit)  // [..., T, H, V]
                var logits = einsum("...thd,...Thd->...htT", queryHeads, keyHeads)
                logits = logits / Tensor(Double(keySize).squareRoot(), dtype: key.dtype)
                if let mask {
                    guard mask.rank == logits.rank else {
                        throw .invalidArgument(
                            "Mask dimensionality \(mask.rank) must match logits dimensionality \(logits.rank).",
                            location: nil)
                    }
                    guard zip(mask.shape, logits.shape).allSatisfy({ $0 == 1 || $0 == $1 }) else {
                        throw .invalidArgument(
                            "the mask's shape \(mask.shape) does not broadcast to the logits' \(logits.shape) ([..., H, T', T])",
                            location: nil)
                    }
                    logits = select(mask, logits, Tensor(-1e30, dtype: logits.dtype))
                }
                let weights = softmax(logits)  // [..., H, T', T]
                let attended = einsum("...htT,...Thd->...thd", weights, valueHeads)  // [..., T', H, V]
                let merged = attended.reshaped(Array(query.shape.dropLast()) + [numHeads * valueSize])
                return Linear(modelSize, withBias: withBias, wInit: wInit, bInit: bInit)(merged)
            }
        }
    }

    /// `x` projected by a ``Linear`` named `name`, split into heads:
    /// `[..., numHeads, headSize]` (Haiku's transparent `_linear_projection`,
    /// so the layer is named in this module's scope).
    private func projection(_ x: Tensor, headSize: Int, name: String, wInit: any Initializer) -> Tensor {
        let y = Linear(numHeads * headSize, withBias: withBias, wInit: wInit, bInit: bInit, name: ModuleName(name))(x)
        return y.reshaped(Array(x.shape.dropLast()) + [numHeads, headSize])
    }

    /// The weights' initializer: `wInit`, or `VarianceScaling(scale: wInitScale)`;
    /// Haiku's constructor errors when there is none or two (a zero
    /// `wInitScale` beside `wInit` is not two: Haiku tests `w_init and
    /// w_init_scale`), and sizes that are not positive.
    private func checkedWeightInitializer() throws(HaikuError) -> any Initializer {
        if wInit != nil, let wInitScale, wInitScale != 0 {
            throw .invalidArgument("Please provide only `w_init`, not `w_init_scale`.", location: nil)
        }
        guard let wInit = wInit ?? wInitScale.map({ VarianceScaling(scale: $0) }) else {
            throw .invalidArgument("Please provide a weight initializer: `w_init`. "
                                   + "`w_init` will become mandatory once `w_init_scale` is fully deprecated.",
                                   location: nil)
        }
        guard !numHeads.multipliedReportingOverflow(by: Swift.max(keySize, valueSize)).overflow else {
            throw .invalidArgument("numHeads \(numHeads) times the head size overflows", location: nil)
        }
        for (label, size) in [("numHeads", numHeads), ("keySize", keySize), ("valueSize", valueSize),
                              ("modelSize", modelSize)] where size <= 0 {
            throw .invalidArgument("\(label) must be positive, not \(size)", location: nil)
        }
        return wInit
    }

    /// Inputs of at least two axes, keys and values of one length.
    private func checkShapes(_ query: Tensor, _ key: Tensor, _ value: Tensor) throws(HaikuError) {
        for (label, input) in [("query", query), ("key", key), ("value", value)] where input.rank < 2 {
            throw .invalidArgument("the \(label) must have at least two axes ([..., T, D]), not shape \(input.shape)",
                                   location: nil)
        }
        guard key.shape[key.rank - 2] == value.shape[value.rank - 2] else {
            throw .invalidArgument("the key's length \(key.shape[key.rank - 2]) and the value's "
                                   + "\(value.shape[value.rank - 2]) differ (shapes \(key.shape) and \(value.shape))",
                                   location: nil)
        }
    }
}

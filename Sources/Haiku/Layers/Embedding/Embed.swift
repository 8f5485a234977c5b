/// Embeds integer ids as rows of a learned matrix (`hk.Embed`).
///
/// Parameter: `embeddings`, `[vocabSize, embedDim]`, by default drawn from
/// `TruncatedNormal()` (standard deviation 1) in float32, or initialized to
/// a given `embeddingMatrix` (in its dtype).
///
/// ```swift
/// let embed = Embed(vocabSize: 65, embedDim: 128)
/// let vectors = embed(tokens)                     // tokens: int32 [B, T] → [B, T, 128]
/// let same = embed(tokens, lookupStyle: .oneHot)  // the same values through a product
/// ```
public final class Embed: Module, UnaryLayer {
    /// The number of ids (rows): given, or the matrix's.
    public let vocabSize: Int?
    /// The size of each embedding (columns): given, or the matrix's.
    public let embedDim: Int?
    /// How rows are looked up unless a call says otherwise.
    public let lookupStyle: EmbedLookupStyle
    let embeddingMatrix: Tensor?
    let wInit: (any Initializer)?
    /// The sizes as given, for Haiku's consistency checks against the matrix.
    private let givenSizes: (vocabSize: Int?, embedDim: Int?)

    /// An embedding of `vocabSize` ids in `embedDim` dimensions, or of the
    /// rows of `embeddingMatrix`.
    ///
    /// - Parameters:
    ///   - vocabSize: the number of ids; inferred from `embeddingMatrix` when
    ///     nil (or 0, as Haiku's `vocab_size and ...`).
    ///   - embedDim: the embedding size; inferred from `embeddingMatrix`
    ///     when nil (or 0).
    ///   - embeddingMatrix: `[vocabSize, embedDim]`, the initial value of
    ///     `embeddings` (then `wInit` is not used, as in Haiku).
    ///   - wInit: the initializer of `embeddings` (default `TruncatedNormal()`).
    ///   - lookupStyle: the default lookup (``EmbedLookupStyle/arrayIndex``).
    ///   - name: the module's name (default `embed`).
    ///
    /// Haiku's constructor errors, reported when the module is called:
    /// neither both sizes nor a matrix; sizes that disagree with the
    /// matrix's shape; a matrix that is not rank 2; negative sizes.
    public init(vocabSize: Int? = nil, embedDim: Int? = nil, embeddingMatrix: Tensor? = nil,
                wInit: (any Initializer)? = nil, lookupStyle: EmbedLookupStyle = .arrayIndex, name: ModuleName = nil) {
        givenSizes = (vocabSize.flatMap { $0 == 0 ? nil : $0 }, embedDim.flatMap { $0 == 0 ? nil : $0 })
        let matrixShape = embeddingMatrix.flatMap { $0.rank == 2 ? $0.shape : nil }
        self.vocabSize = matrixShape?[0] ?? givenSizes.vocabSize
        self.embedDim = matrixShape?[1] ?? givenSizes.embedDim
        self.embeddingMatrix = embeddingMatrix
        self.wInit = wInit
        self.lookupStyle = lookupStyle
        super.init(name: name)
    }

    /// The sizes given (or `embeddingMatrix: [V, D]`), then `lookupStyle`
    /// when not ``EmbedLookupStyle/arrayIndex``.
    public override var configuration: [String] {
        (embeddingMatrix.map { ["embeddingMatrix: \($0.shape)"] }
            ?? [givenSizes.vocabSize.map { "vocabSize: \($0)" }, givenSizes.embedDim.map { "embedDim: \($0)" }]
                .compactMap { $0 })
            + (lookupStyle == .arrayIndex ? [] : ["lookupStyle: \(lookupStyle)"])
    }

    /// The matrix `embeddings`, `[vocabSize, embedDim]` (created on first use).
    public var embeddings: Tensor {
        method(name: "embeddings") {
            reportingErrors(TensorType(embeddingDType, [Swift.max(0, vocabSize ?? 0), Swift.max(0, embedDim ?? 0)])) {
                () throws(HaikuError) in try embeddingsParameter()
            }
        }
    }

    /// The embeddings of `ids` with the module's ``lookupStyle``.
    public func callAsFunction(_ ids: Tensor) -> Tensor {
        self(ids, lookupStyle: lookupStyle)
    }

    /// The embeddings of `ids`, looked up as `lookupStyle` says.
    ///
    /// - Parameter ids: integer ids in `[0, vocabSize)`, of any shape.
    /// - Returns: `ids.shape + [embedDim]`.
    ///
    /// Errors (reported by `initialize`/`apply`, naming the module): the
    /// constructor's (see ``init(vocabSize:embedDim:embeddingMatrix:wInit:lookupStyle:name:)``),
    /// ids that are not integers (Haiku's `ValueError`), an unknown lookup
    /// style, and ids outside `[0, vocabSize)` when their values are known
    /// as the module runs: ids made inside the transformed function (Haiku
    /// does not check). The inputs of `initialize` and `apply` are traced
    /// (both are compiled), so their values are not known: as in Haiku, an
    /// array-index lookup clamps such ids (a negative id counts from the end
    /// first) and a one-hot lookup gives zeros for them.
    public func callAsFunction(_ ids: Tensor, lookupStyle: EmbedLookupStyle) -> Tensor {
        method(ids, lookupStyle) { ids, lookupStyle in
            reportingErrors(TensorType(embeddingDType, ids.shape + [Swift.max(0, embedDim ?? 0)])) {
                () throws(HaikuError) in
                guard ids.dtype.isInteger else {
                    throw .invalidArgument("hk.Embed's __call__ method must take an array of integer dtype "
                                           + "but was called with an array of \(ids.dtype)", location: nil)
                }
                let embeddings = try embeddingsParameter()
                let vocabSize = embeddings.shape[0]
                try checkIdsInVocabulary(ids, vocabSize: vocabSize)
                switch lookupStyle {
                case .arrayIndex:
                    return embeddings[.array(ids)]
                case .oneHot:
                    return matmul(oneHot(ids, count: vocabSize), embeddings)
                default:
                    throw .invalidArgument("unknown lookup style \(lookupStyle): use "
                                           + EmbedLookupStyle.all.map(\.description).joined(separator: " or "),
                                           location: nil)
                }
            }
        }
    }

    /// The dtype of `embeddings`: the matrix's, or float32 (Haiku's default).
    private var embeddingDType: ElementType { embeddingMatrix?.dtype ?? .float32 }

    /// `embeddings`, after Haiku's constructor checks.
    private func embeddingsParameter() throws(HaikuError) -> Tensor {
        try checkConfiguration()
        guard let vocabSize, let embedDim else {
            throw .invalidArgument("hk.Embed must be supplied either with an initial `embedding_matrix` "
                                   + "or with `embed_dim` and `vocab_size`.", location: nil)
        }
        if let embeddingMatrix {
            return parameter("embeddings", shape: [vocabSize, embedDim], dtype: embeddingMatrix.dtype) { _, _ in
                embeddingMatrix
            }
        }
        return parameter("embeddings", shape: [vocabSize, embedDim], dtype: .float32, init: wInit ?? TruncatedNormal())
    }

    /// Haiku's constructor checks of the sizes against the matrix.
    private func checkConfiguration() throws(HaikuError) {
        if let embeddingMatrix {
            guard embeddingMatrix.rank == 2 else {
                throw .invalidArgument("the `embedding_matrix` must be [vocab_size, embed_dim], not shape "
                                       + "\(embeddingMatrix.shape)", location: nil)
            }
            if let given = givenSizes.vocabSize, given != embeddingMatrix.shape[0] {
                throw .invalidArgument("An `embedding_matrix` was supplied but the `vocab_size` of \(given) was not "
                                       + "consistent with its shape \(embeddingMatrix.shape).", location: nil)
            }
            if let given = givenSizes.embedDim, given != embeddingMatrix.shape[1] {
                throw .invalidArgument("An `embedding_matrix` was supplied but the `embed_dim` of \(given) was not "
                                       + "consistent with its shape \(embeddingMatrix.shape).", location: nil)
            }
        }
        for (label, size) in [("vocabSize", givenSizes.vocabSize), ("embedDim", givenSizes.embedDim)] {
            if let size, size < 0 { throw .invalidArgument("\(label) must not be negative, not \(size)", location: nil) }
        }
    }

    /// An error when the values of `ids` are known as the module runs (a
    /// tensor made inside the transformed function, not one of its traced
    /// inputs) and one is outside `[0, vocabSize)`.
    private func checkIdsInVocabulary(_ ids: Tensor, vocabSize: Int) throws(HaikuError) {
        guard let outside = Self.knownValues(ids)?.first(where: { $0 < 0 || $0 >= vocabSize }) else { return }
        throw .invalidArgument("ids must be in [0, \(vocabSize)): got \(outside), outside the vocabulary", location: nil)
    }

    /// The integer `ids`' values (saturated to `Int`), or nil when they are
    /// not known (traced) or not integers.
    private static func knownValues(_ ids: Tensor) -> [Int]? {
        func read<T: HostElement & BinaryInteger>(_: T.Type) -> [Int]? {
            (try? ids.scalars(as: T.self))?.map { Int(clamping: $0) }
        }
        switch ids.dtype {
        case .int8: return read(Int8.self)
        case .int16: return read(Int16.self)
        case .int32: return read(Int32.self)
        case .int64: return read(Int64.self)
        case .uint8: return read(UInt8.self)
        case .uint16: return read(UInt16.self)
        case .uint32: return read(UInt32.self)
        case .uint64: return read(UInt64.self)
        default: return nil
        }
    }
}

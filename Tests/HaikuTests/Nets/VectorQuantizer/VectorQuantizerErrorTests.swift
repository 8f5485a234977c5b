import Haiku
import Testing

/// Misuses of `VectorQuantizer` and `VectorQuantizerEMA`: each a
/// `HaikuError` naming the module, where Haiku raises a ValueError or a
/// reshape's TypeError (`Fixtures/vector_quantizer.json`, group "errors").
@Suite struct VectorQuantizerErrorTests {
    static let haikuErrors = NetsFixtures.vectorQuantizer["errors"]

    static func error(_ input: Tensor = Tensor.zeros([2, 3, 4]),
                      _ call: @escaping (Tensor) -> VectorQuantizerOutput) -> HaikuError? {
        initializationError(input, call)
    }

    @Test func anInputWhoseLastDimensionIsNotTheEmbeddingSizeIsAnError() throws {
        #expect(Self.haikuErrors["last_dimension"]["error"].string == "TypeError")
        for shape in [[2, 3, 5], [3], []] {
            let vq = try #require(Self.error(Tensor.zeros(shape)) {
                VectorQuantizer(embeddingDim: 4, numEmbeddings: 6, commitmentCost: 0.25)($0, isTraining: true)
            })
            #expect(vq.description.contains("vector_quantizer (VectorQuantizer): the input's last dimension must be "
                + "embedding_dim 4, but the input has shape \(shape)"), "\(vq)")
            let ema = try #require(Self.error(Tensor.zeros(shape)) {
                VectorQuantizerEMA(embeddingDim: 4, numEmbeddings: 6, commitmentCost: 0.25, decay: 0.9)($0, isTraining: false)
            })
            #expect(ema.description.contains("vector_quantizer_ema (VectorQuantizerEMA): the input's last dimension"), "\(ema)")
        }
    }

    @Test(arguments: [1.5, -0.1])
    func aDecayOutsideZeroToOneIsAnError(_ decay: Double) throws {
        #expect(Self.haikuErrors["decay"]["message"].string == "decay must be in range [0, 1]")
        let error = try #require(Self.error {
            VectorQuantizerEMA(embeddingDim: 4, numEmbeddings: 6, commitmentCost: 0.25, decay: decay)($0, isTraining: true)
        })
        #expect(error.description.contains(
            "vector_quantizer_ema (VectorQuantizerEMA): decay must be in range [0, 1], not \(decay)"), "\(error)")
    }

    /// Haiku accepts a decay of 1, whose moving averages then divide zero by
    /// zero; the moving averages reject it here, naming themselves.
    @Test func aDecayOfOneIsTheMovingAveragesError() throws {
        let error = try #require(Self.error {
            VectorQuantizerEMA(embeddingDim: 4, numEmbeddings: 6, commitmentCost: 0.25, decay: 1)($0, isTraining: true)
        })
        #expect(error.description.contains(
            "vector_quantizer_ema/~/ema_cluster_size (ExponentialMovingAverage): `decay` must be in [0, 1), not 1.0"),
                "\(error)")
    }

    @Test(arguments: [(0, 6), (4, 0), (-1, 6)])
    func sizesThatAreNotPositiveAreAnError(_ embeddingDim: Int, _ numEmbeddings: Int) throws {
        let error = try #require(Self.error(Tensor.zeros([2, max(embeddingDim, 0)])) {
            VectorQuantizer(embeddingDim: embeddingDim, numEmbeddings: numEmbeddings, commitmentCost: 0.25)($0, isTraining: true)
        })
        #expect(error.description.contains("vector_quantizer (VectorQuantizer): embedding_dim (\(embeddingDim)) and "
            + "num_embeddings (\(numEmbeddings)) must be positive"), "\(error)")
    }

    @Test func aCrossReplicaAxisOutsideVMapIsAnErrorNamingTheModule() throws {
        let error = try #require(Self.error {
            VectorQuantizerEMA(embeddingDim: 4, numEmbeddings: 6, commitmentCost: 0.25, decay: 0.9,
                               crossReplicaAxis: "i")($0, isTraining: true)
        })
        #expect(error.description.contains(
            "vector_quantizer_ema (VectorQuantizerEMA): cross_replica_axis: the axis name 'i' is not bound"), "\(error)")
    }

    @Test func encodingIndicesThatAreNotIntegersAreAnError() throws {
        let error = try #require(initializationError(Tensor.zeros([3])) { (indices: Tensor) in
            VectorQuantizer(embeddingDim: 4, numEmbeddings: 6, commitmentCost: 0.25).quantize(encodingIndices: indices)
        })
        #expect(error.description.contains(
            "vector_quantizer (VectorQuantizer): encoding indices must be integers, not float32"), "\(error)")
    }
}

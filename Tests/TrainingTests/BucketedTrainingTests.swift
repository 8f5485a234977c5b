import Haiku
import Synchronization
import Testing
import Training

/// `TrainingConfiguration.bucketsPartialBatches` (what `hkc train
/// shakespeare` turns on): a short last batch runs the full batch's program,
/// padded, with the same loss and update as unpadded; and the sampler's
/// bucketed window predicts from the text's true last position.
@Suite struct BucketedTrainingTests {
    func trainer(bucketing: Bool) throws -> ClassifierTrainer {
        var setup = TrainingConfiguration()
        setup.model = .characterLSTM(hiddenSize: 8)
        setup.learningRate = 1e-2
        setup.l2 = 0
        setup.batchSize = 4
        setup.bucketsPartialBatches = bucketing
        return try ClassifierTrainer(configuration: setup, exampleShape: [6], classCount: 5)
    }

    /// Characters `[rows, 6]` below 5, different for each `offset`.
    func characters(rows: Int, offset: Int) -> Tensor {
        Tensor((0..<rows * 6).map { Int32(($0 * 7 + offset) % 5) }, shape: [rows, 6], dtype: .int32)
    }

    /// The losses of a full batch then a batch of 3, and how many steps the trainer compiled.
    func run(_ trainer: ClassifierTrainer) throws -> (losses: [Float], compiles: Int) {
        let compiles = Mutex(0)
        let losses = try CompileReports.observe({ report in
            if report.function.hasPrefix("Training/TrainingStateCarrier.swift") { compiles.withLock { $0 += 1 } }
        }) {
            try [(4, 0), (3, 1), (4, 2)].map { rows, offset in
                try trainer.train(images: characters(rows: rows, offset: offset),
                                  labels: characters(rows: rows, offset: offset + 1))
            }
        }
        return (losses, compiles.withLock { $0 })
    }

    @Test func aShortBatchIsPaddedAndLeftOutOfTheLoss() throws {
        let padded = try trainer(bucketing: true)
        let plain = try trainer(bucketing: false)
        let (paddedLosses, paddedCompiles) = try run(padded)
        let (plainLosses, plainCompiles) = try run(plain)
        #expect(paddedCompiles == 1, "one program for batches of 4 and 3")
        #expect(plainCompiles == 2)
        // The masked mean sums the real labels plus exact zeros, in another
        // order than the unpadded mean: a few float32 roundings per step.
        for (a, e) in zip(paddedLosses, plainLosses) {
            #expect(abs(a - e) <= 1e-5 * max(1, abs(e)), "loss \(a) vs \(e)")
        }
        for (name, bundle) in plain.params {
            for (key, expected) in bundle {
                let actual = try #require(padded.params[name]?[key])
                for (a, e) in zip(try actual.scalars(as: Float.self), try expected.scalars(as: Float.self)) {
                    #expect(abs(a - e) <= 1e-5 * max(1, abs(e)), "\(name)/\(key): \(a) vs \(e)")
                }
            }
        }
    }

    @Test func theSamplerPredictsFromTheLastRealCharacter() throws {
        let trainer = try trainer(bucketing: false)
        let sampler = try CharacterSampler(trainer: trainer, window: 6)
        for prompt: [Int32] in [[2], [1, 3], [4, 0, 1, 2, 3]] {
            let logits = try trainer.logits(Tensor(prompt, shape: [1, prompt.count], dtype: .int32)).scalars(as: Float.self)
            let last = Array(logits.suffix(5))
            let greedy = last.indices.max { last[$0] < last[$1] }.map(Int32.init)
            #expect(try sampler.continuation(of: prompt, count: 1) == [greedy ?? -1], "prompt \(prompt)")
        }
        #expect(sampler.compiledPrograms == 1)
    }
}

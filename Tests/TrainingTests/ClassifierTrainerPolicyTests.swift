import Datasets
@testable import Haiku
import Testing
import Training

/// The CNN trained in half precision, as `hkc train mnist --model cnn
/// --policy p=f32,c=bf16,o=f32` trains it: a policy on its `Sequential`.
@Suite struct ClassifierTrainerPolicyTests {
    /// 120 steps on 3,000 MNIST training examples (Scripts/test fetches
    /// MNIST) with the network computing in bfloat16: the step's program
    /// holds both convolutions' activations in bfloat16, the loss falls, the test accuracy ends far
    /// above chance (10%), and the parameters and Adam's moments stay float32.
    @Test func bfloat16RunOnASubsetLearnsWithFloat32Parameters() throws {
        try PolicyTable.isolated {
            setPolicy(for: Sequential.self, try Policy("p=f32,c=bf16,o=f32"))
            var setup = TrainingConfiguration()
            setup.model = .cnn
            setup.batchSize = 50
            let train = try MNIST.load(split: .train, layout: .nhwc).prefix(3_000)
            let test = try MNIST.load(split: .test, layout: .nhwc).prefix(1_000).tensors()
            let trainer = try ClassifierTrainer(configuration: setup, exampleShape: train.exampleShape, classCount: 10)
            var losses: [Float] = []
            for (images, labels) in try Batches(train, batchSize: 50, seed: 1, dropLast: true, epochs: 2) {
                if losses.isEmpty {
                    let program = try trainer.lowerStep(images: images, labels: labels).stableHLO()
                    #expect(program.contains("x32xbf16>") && program.contains("x64xbf16>"),
                            "the step's program has the convolutions' activations in bfloat16")
                }
                losses.append(try trainer.train(images: images, labels: labels))
            }
            let accuracy = try trainer.accuracy(images: test.images, labels: test.labels)
            #expect(losses.count == 120)
            let lastTen = losses.suffix(10).reduce(0, +) / 10
            #expect(lastTen < losses[0] / 3, "loss \(losses[0]) at first, \(lastTen) over the last 10 steps")
            #expect(accuracy > 0.8, "accuracy after 120 steps: \(accuracy)")
            #expect(trainer.params.leaves.allSatisfy { $0.dtype == .float32 })
            // Adam's moments float32; its step count int32.
            #expect(trainer.optimizerState.leaves.map(\.dtype).filter { $0 != .int32 }.allSatisfy { $0 == .float32 })
            #expect(trainer.optimizerState.leaves.count == 2 * trainer.params.leaves.count + 1)
        }
    }
}

import Checkpoints
import Haiku
import Optimizers

/// What `hkc train` trains: an MLP classifier on flattened images with
/// Adam and an L2 term, as the Haiku jax2tf guide's MNIST setup.
public struct TrainingConfiguration: Sendable {
    /// The hidden layer sizes (the output layer has one unit per class).
    public var hiddenSizes: [Int] = [300, 100]
    /// Adam's learning rate.
    public var learningRate: Double = 1e-3
    /// When set, the learning rate follows a cosine decay to 0 over this
    /// many steps (the last epochs then settle instead of wandering).
    public var decaySteps: Int?
    /// The weight of `Σ ½‖p‖²` over every parameter, biases included.
    public var l2: Double = 1e-4
    /// Examples per step.
    public var batchSize = 100
    /// The seed of the parameters' initialization and of the data order.
    public var seed = 0

    /// The guide's setup: MLP 300-100-10, Adam 1e-3, batch 100, L2 1e-4.
    public init() {}
}

/// A classifier being trained: parameters, optimizer state and step, with
/// one compiled program for the training step and one for evaluation.
/// Not `Sendable`: it holds compiled functions with their closures.
public final class ClassifierTrainer {
    /// The configuration it was made with.
    public let configuration: TrainingConfiguration
    /// The parameters now.
    public private(set) var params: Params
    /// Adam's state now.
    public private(set) var optimizerState: Adam.State
    /// Steps taken so far.
    public private(set) var step = 0

    private let forward: Transformed<Tensor, Tensor>
    private let trainStep: JITFunction<Params, Adam.State, Tensor, Tensor, StepResult>
    private let predict: JITFunction<Params, Tensor, Tensor>

    /// A trainer for inputs of `inputSize` features and `classCount` classes,
    /// its parameters initialized from `PRNGKey(configuration.seed)`.
    public init(configuration: TrainingConfiguration = TrainingConfiguration(), inputSize: Int, classCount: Int) throws {
        self.configuration = configuration
        let sizes = configuration.hiddenSizes + [classCount]
        let forward = transform { (x: Tensor) in MLP(sizes)(x) }
        let optimizer = adam(learningRate: configuration.decaySteps.map {
            cosineDecaySchedule(initValue: configuration.learningRate, decaySteps: $0)
        } ?? Schedule(floatLiteral: configuration.learningRate))
        let l2 = configuration.l2
        self.forward = forward
        params = try forward.initialize(rng: PRNGKey(configuration.seed), Tensor.zeros([1, inputSize]))
        optimizerState = optimizer.initialize(params)
        trainStep = jit(donating: [0, 1]) { (params: Params, state: Adam.State, images: Tensor, labels: Tensor) -> StepResult in
            let (loss, gradient) = valueAndGrad { (params: Params) -> Tensor in
                let logits = try! forward.apply(params, images)
                let crossEntropy = -(oneHot(labels, count: classCount) * logSoftmax(logits)).sum(axes: [1]).mean()
                let squares = params.leaves.map { 0.5 * ($0 * $0).sum() }.reduce(Tensor(Float(0)), +)
                return crossEntropy + Tensor(Float(l2)) * squares
            }(params)
            let (updates, next) = optimizer.update(gradient, state: state, params: params)
            return StepResult(params: applyUpdates(params, updates), state: next, loss: loss)
        }
        predict = jit { (params: Params, images: Tensor) -> Tensor in
            try forward.apply(params, images).argmax(axis: -1)
        }
    }

    /// One step on a batch; returns the loss before the update.
    public func train(images: Tensor, labels: Tensor) throws -> Float {
        try trainLoss(images: images, labels: labels).item(as: Float.self)
    }

    /// One step on a batch; returns the loss before the update as a tensor,
    /// without waiting for it or reading it.
    public func trainLoss(images: Tensor, labels: Tensor) throws -> Tensor {
        let result = try trainStep(params, optimizerState, images, labels)
        (params, optimizerState, step) = (result.params, result.state, step + 1)
        return result.loss
    }

    /// The training step's program for a batch like this one, before
    /// compilation (for benchmarks and inspection).
    public func lowerStep(images: Tensor, labels: Tensor) throws -> Lowered {
        try trainStep.lower(params, optimizerState, images, labels)
    }

    /// The fraction of `labels` the classifier predicts, in chunks of `chunk`.
    public func accuracy(images: Tensor, labels: Tensor, chunk: Int = 1000) throws -> Double {
        let count = images.shape[0]
        var correct = 0
        for start in stride(from: 0, to: count, by: chunk) {
            let range = start..<min(start + chunk, count)
            let predicted = try predict(params, images[range]).scalars(as: Int32.self)
            let truth = try labels[range].scalars(as: Int32.self)
            correct += zip(predicted, truth).filter { $0 == $1 }.count
        }
        return Double(correct) / Double(max(count, 1))
    }

    /// Everything needed to resume: parameters, optimizer state and step.
    public var checkpoint: Checkpoint {
        Checkpoint(params: params, optimizerState: optimizerState.leaves, step: step,
                   metadata: ["model": "mlp \(configuration.hiddenSizes)"])
    }

    /// Continues from `checkpoint`, whose parameters must match this
    /// trainer's names, shapes and dtypes.
    public func resume(from checkpoint: Checkpoint) throws {
        guard checkpoint.params.mapValues({ $0.mapValues(\.type) }) == params.mapValues({ $0.mapValues(\.type) }) else {
            throw TrainingError.mismatchedCheckpoint("its parameters differ from the model's")
        }
        optimizerState = try optimizerState.unflatten(checkpoint.optimizerState)
        params = checkpoint.params
        step = checkpoint.step
    }
}

/// A mistake in setting up training.
public enum TrainingError: Error, CustomStringConvertible {
    /// A checkpoint that does not belong to this model.
    case mismatchedCheckpoint(String)

    /// One sentence.
    public var description: String {
        switch self {
        case let .mismatchedCheckpoint(reason): return "The checkpoint cannot be resumed: \(reason)."
        }
    }
}

/// What one training step returns.
struct StepResult: TensorTree {
    var params: Params
    var state: Adam.State
    var loss: Tensor

    func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> StepResult {
        StepResult(params: try params.mapTensors(transform), state: try state.mapTensors(transform),
                   loss: try transform(loss))
    }

    func appendStructure(to key: inout String) {
        params.appendStructure(to: &key)
        state.appendStructure(to: &key)
        key += "T;"
    }
}

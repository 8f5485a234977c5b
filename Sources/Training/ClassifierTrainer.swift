import Checkpoints
import Distributed
import Haiku
import Optimizers

/// A classifier being trained: parameters, optimizer state and step, with
/// one compiled program for the training step and others for evaluation.
/// Labels are one class per image, or one per position of a sequence
/// (``ClassifierModel/characterLSTM(hiddenSize:)``: `[B, T]` labels for
/// `[B, T, classes]` logits); the loss is the mean cross-entropy over all
/// labels.
/// Not `Sendable`: it holds compiled functions with their closures.
public final class ClassifierTrainer {
    /// The configuration it was made with.
    public let configuration: TrainingConfiguration
    /// The parameters now.
    public var params: Params { state.value.tree.params }
    /// Adam's state now.
    public var optimizerState: Adam.State { state.value.tree.optimizerState }
    /// Steps taken so far.
    public private(set) var step = 0
    /// One example's shape (`[784]`, `[28, 28, 1]`, or `[T]` for a character model).
    public let exampleShape: [Int]
    /// The classes the network scores.
    public let classCount: Int
    /// The network, transformed (its parameters are ``params``).
    public let forward: Transformed<Tensor, Tensor>

    /// The parameters and Adam's state, kept flat between steps (a step
    /// then takes and returns them without a tree walk; on several devices
    /// they stay there); the trees are rebuilt only when read.
    private let state: TrainingStateCarrier<TrainingState>
    private let predict: JITFunction<Params, Tensor, Tensor>
    private let evaluate: JITFunction<Params, Tensor, Tensor, Tensor>
    private let network: JITFunction<Params, Tensor, Tensor>

    /// A trainer for images of `exampleShape` (in `configuration.model`'s
    /// layout: `[784]` or `[28, 28, 1]` for MNIST; `[T]` for the character
    /// model) and `classCount` classes, its parameters initialized from
    /// `PRNGKey(configuration.seed)`.
    ///
    /// With a `processGroup`, every process of the group runs such a
    /// trainer (the same configuration, so the same initial parameters) and
    /// passes the same batches to ``train(images:labels:)``: each computes
    /// the gradient on its share of the rows, the processes average the
    /// gradients and the losses (``ProcessGroup/allReduce(_:_:)``), and each
    /// applies the mean, as one process would on the whole batch.
    ///
    /// - Throws: ``TrainingError/invalidConfiguration(_:)`` when
    ///   `configuration.devices` is below 1 or does not divide the batch
    ///   size, when the group's size does not divide it, or when both a
    ///   group and several devices are asked for; runtime errors.
    public init(configuration: TrainingConfiguration = TrainingConfiguration(), exampleShape: [Int], classCount: Int,
                processGroup: ProcessGroup? = nil) throws {
        guard configuration.devices >= 1, configuration.batchSize % configuration.devices == 0 else {
            throw TrainingError.invalidConfiguration(
                "\(configuration.devices) devices cannot share batches of \(configuration.batchSize) evenly")
        }
        if let processGroup {
            guard configuration.devices == 1 else {
                throw TrainingError.invalidConfiguration("a trainer runs over several processes or several devices, not both")
            }
            guard configuration.batchSize % processGroup.size == 0 else {
                throw TrainingError.invalidConfiguration(
                    "\(processGroup.size) processes cannot share batches of \(configuration.batchSize) evenly")
            }
        }
        self.configuration = configuration
        self.exampleShape = exampleShape
        self.classCount = classCount
        let model = configuration.model
        let forward = transform { (x: Tensor) in model.logits(x, classCount: classCount) }
        let optimizer = adam(learningRate: configuration.decaySteps.map {
            cosineDecaySchedule(initValue: configuration.learningRate, decaySteps: $0)
        } ?? Schedule(floatLiteral: configuration.learningRate))
        let l2 = configuration.l2
        self.forward = forward
        let params = try forward.initialize(rng: PRNGKey(configuration.seed),
                                            Tensor.zeros([1] + exampleShape, dtype: model.inputType))
        let initial = Flattened(TrainingState(params: params, optimizerState: optimizer.initialize(params)))
        // One step; `average` combines the data term of the loss over the
        // devices (the identity on one device).
        let update = GradientUpdate<TrainingState>(
            gradient: { current, images, labels, average in
                try valueAndGrad { (params: Params) -> Tensor in
                    let logits = try forward.apply(params, images)
                    let crossEntropy = average(meanCrossEntropy(logits, labels, classCount: classCount))
                    let squares = params.leaves.map { 0.5 * ($0 * $0).sum() }.reduce(Tensor(Float(0)), +)
                    return crossEntropy + Tensor(Float(l2)) * squares
                }(current.params)
            },
            apply: { current, gradient in
                let (updates, next) = optimizer.update(gradient, state: current.optimizerState, params: current.params)
                return TrainingState(params: applyUpdates(current.params, updates), optimizerState: next)
            })
        let step = update.combined
        let bucketing = configuration.bucketsPartialBatches
            ? Bucketing.sizes([configuration.batchSize], axis: 0, arguments: [1, 2], slicesResults: false) : nil
        state = try TrainingStateCarrier(
            initial, update: step, bucketing: bucketing,
            dataParallel: configuration.devices > 1 ? DataParallelStep(devices: configuration.devices, template: initial, step: step) : nil,
            crossProcess: processGroup.map { CrossProcessStep(group: $0, update: update) })
        predict = jit { (params: Params, images: Tensor) -> Tensor in
            try forward.apply(params, images).argmax(axis: -1)
        }
        evaluate = jit { (params: Params, images: Tensor, labels: Tensor) -> Tensor in
            meanCrossEntropy(try forward.apply(params, images), labels, classCount: classCount)
        }
        network = jit { (params: Params, images: Tensor) -> Tensor in try forward.apply(params, images) }
    }

    /// One step on a batch; returns the loss before the update.
    public func train(images: Tensor, labels: Tensor) throws -> Float {
        try trainLoss(images: images, labels: labels).item(as: Float.self)
    }

    /// One step on a batch; returns the loss before the update as a
    /// tensor, without waiting for it or reading it (on several devices it
    /// is read from the first, which waits for the step).
    public func trainLoss(images: Tensor, labels: Tensor) throws -> Tensor {
        let loss = try state.advance(images: images, labels: labels)
        step += 1
        return loss
    }

    /// The training step's program for a batch like this one, before
    /// compilation (for benchmarks and inspection).
    ///
    /// - Throws: ``TrainingError/invalidConfiguration(_:)`` for a trainer on
    ///   several devices (its step is a sharded program); tracing errors.
    public func lowerStep(images: Tensor, labels: Tensor) throws -> Lowered {
        guard let lowered = try state.lowerStep(images: images, labels: labels) else {
            throw TrainingError.invalidConfiguration("lowerStep shows the one-device step, and this trainer runs on \(configuration.devices) devices")
        }
        return lowered
    }

    /// The fraction of `labels` the classifier predicts, in chunks of
    /// `chunk` examples.
    public func accuracy(images: Tensor, labels: Tensor, chunk: Int = 1000) throws -> Double {
        let params = self.params
        return try predictionAccuracy(images: images, labels: labels, chunk: chunk) { try predict(params, $0) }
    }

    /// The mean cross-entropy (in nats, without the L2 term) of `labels`
    /// under the classifier, over every label, in chunks of `chunk` examples.
    public func loss(images: Tensor, labels: Tensor, chunk: Int = 1000) throws -> Double {
        let params = self.params
        var (sum, total) = (0.0, 0)
        for range in chunks(of: images.shape[0], size: chunk) {
            let count = labels[range].shape.reduce(1, *)
            sum += Double(try evaluate(params, images[range], labels[range]).item(as: Float.self)) * Double(count)
            total += count
        }
        return sum / Double(max(total, 1))
    }

    /// The network's logits for `images` with the current parameters.
    public func logits(_ images: Tensor) throws -> Tensor {
        try network(params, images)
    }

    /// Everything needed to resume: parameters, optimizer state and step,
    /// with the model (``ClassifierModel/description``) and the example
    /// shape in its metadata (`model`, `example shape`: `128` or `28 28 1`),
    /// so that ``init(checkpoint:classCount:)`` rebuilds the network from the file alone.
    public var checkpoint: Checkpoint {
        Checkpoint(params: params, optimizerState: optimizerState.leaves, step: step,
                   metadata: ["model": configuration.model.description,
                              "example shape": exampleShape.map(String.init).joined(separator: " ")])
    }

    /// Continues from `checkpoint`, whose parameters must match this
    /// trainer's names, shapes and dtypes and be finite.
    ///
    /// - Throws: ``TrainingError/mismatchedCheckpoint(_:)`` for another
    ///   model's checkpoint, ``TrainingError/nonFiniteCheckpoint(_:)`` when a
    ///   parameter holds a NaN or an infinity (training would only spread it).
    public func resume(from checkpoint: Checkpoint) throws {
        try checkParameters(of: checkpoint)
        let optimizerState = try optimizerState.unflatten(checkpoint.optimizerState)
        try state.replace(with: Flattened(TrainingState(params: checkpoint.params, optimizerState: optimizerState)))
        step = checkpoint.step
    }

    /// Takes `checkpoint`'s parameters and step, with Adam's state as it
    /// is: enough to evaluate or sample, whatever schedule the run that
    /// wrote it had (``resume(from:)`` continues that run).
    ///
    /// - Throws: as ``resume(from:)``.
    public func loadParameters(from checkpoint: Checkpoint) throws {
        try checkParameters(of: checkpoint)
        try state.replace(with: Flattened(TrainingState(params: checkpoint.params, optimizerState: optimizerState)))
        step = checkpoint.step
    }

    /// Checks that `checkpoint`'s parameters have this model's names,
    /// shapes and dtypes and are finite.
    private func checkParameters(of checkpoint: Checkpoint) throws {
        try checkMatching(checkpoint.params, params, what: "parameters")
    }
}

/// The mean over every label of `-log softmax(logits)[label]`, the classes
/// on the last axis.
/// In a bucketed step (``TrainingConfiguration/bucketsPartialBatches``) the
/// padded examples' labels are left out of the mean.
func meanCrossEntropy(_ logits: Tensor, _ labels: Tensor, classCount: Int) -> Tensor {
    let perLabel = -(oneHot(labels, count: classCount) * logSoftmax(logits)).sum(axes: [-1])
    return Bucket.validLength == nil ? perLabel.mean() : Bucket.mean(perLabel, axis: 0).mean()
}

/// The fraction of `labels` that `predict` (class indices, `int32`, for a
/// chunk of images) gets right, over `images` in chunks of `chunk`.
func predictionAccuracy(images: Tensor, labels: Tensor, chunk: Int, predict: (Tensor) throws -> Tensor) throws -> Double {
    var (correct, total) = (0, 0)
    for range in chunks(of: images.shape[0], size: chunk) {
        let predicted = try predict(images[range]).scalars(as: Int32.self)
        let truth = try labels[range].scalars(as: Int32.self)
        correct += zip(predicted, truth).filter { $0 == $1 }.count
        total += truth.count
    }
    return Double(correct) / Double(max(total, 1))
}

/// `0..<count` in consecutive ranges of `size` (the last may be shorter).
func chunks(of count: Int, size: Int) -> [Range<Int>] {
    stride(from: 0, to: count, by: max(size, 1)).map { $0 ..< min($0 + max(size, 1), count) }
}

/// A mistake in setting up training.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
    /// A checkpoint that does not belong to this model.
    case mismatchedCheckpoint(String)
    /// A checkpoint whose named parameter (`module/name`) holds a NaN or an infinity.
    case nonFiniteCheckpoint(String)
    /// A ``CharacterSampler`` asked for something it cannot do (the reason).
    case invalidSampling(String)
    /// Images a ``VQVAETrainer`` or ``StatefulClassifierTrainer`` cannot take (the reason).
    case invalidImageShape(String)
    /// A ``TrainingConfiguration`` that cannot be trained (the reason).
    case invalidConfiguration(String)

    /// One sentence.
    public var description: String {
        switch self {
        case let .mismatchedCheckpoint(reason): return "The checkpoint cannot be resumed: \(reason)."
        case let .nonFiniteCheckpoint(parameter):
            return "The checkpoint cannot be resumed: parameter \(parameter) holds a NaN or an infinity (the run it comes from diverged)."
        case let .invalidSampling(reason): return "Cannot sample text: \(reason)."
        case let .invalidImageShape(reason): return "Cannot train on these images: \(reason)."
        case let .invalidConfiguration(reason): return "Cannot train so: \(reason)."
        }
    }
}

/// What a training step updates: the parameters and Adam's state (shared
/// by the classifier trainer and `hkc bench lstm`).
public struct TrainingState: TensorTree {
    /// The model's parameters.
    public var params: Params
    /// Adam's moments and step count.
    public var optimizerState: Adam.State

    /// The state of `params` and `optimizerState`.
    public init(params: Params, optimizerState: Adam.State) {
        self.params = params
        self.optimizerState = optimizerState
    }

    /// Maps every tensor of the parameters and the optimizer state.
    public func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> TrainingState {
        TrainingState(params: try params.mapTensors(transform), optimizerState: try optimizerState.mapTensors(transform))
    }

    /// The parameters' structure, then the optimizer state's.
    public func appendStructure(to key: inout String) {
        params.appendStructure(to: &key)
        optimizerState.appendStructure(to: &key)
    }
}

/// What one training step returns: the updated state (parameters,
/// optimizer state and, for ``StatefulTrainingState``, the model's state)
/// and the loss.
public struct StepResult<State: TensorTree>: TensorTree {
    /// The state after the step.
    public var state: Flattened<State>
    /// The step's loss (or losses), before the update.
    public var loss: Tensor

    /// A result of `state` and `loss`.
    public init(state: Flattened<State>, loss: Tensor) {
        self.state = state
        self.loss = loss
    }

    /// Maps the state's tensors and the loss.
    public func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> StepResult {
        StepResult(state: try state.mapTensors(transform), loss: try transform(loss))
    }
}

import Checkpoints
import Haiku
import Optimizers

/// A ``SmallImageResNet`` classifier being trained with Adam: parameters,
/// batch norm's state, Adam's state and the step, with one compiled program
/// for the training step (batch statistics, moving averages updated) and
/// one for predictions (the moving averages).
///
/// On several CPU devices of this process (`devices`), each step runs
/// data-parallel (``TrainingConfiguration/devices`` describes how) with
/// batch norm's statistics taken over the whole batch across the devices
/// (Haiku's `cross_replica_axis`), so it follows one device's run up to
/// rounding; the state stays on the devices between steps.
/// Not `Sendable`: it holds compiled functions with their closures.
public final class StatefulClassifierTrainer {
    /// The network it trains.
    public let model: SmallImageResNet
    /// Steps taken so far.
    public private(set) var step = 0
    /// The parameters now.
    public var params: Params { state.value.tree.params }
    /// The model's state now (batch norm's moving averages).
    public var modelState: State { state.value.tree.modelState }
    /// The CPU devices each step runs on.
    public let devices: Int

    private let state: TrainingStateCarrier<StatefulTrainingState>
    private let predict: JITFunction<Params, State, Tensor, Tensor>

    /// A trainer for NHWC images of `exampleShape` (`[28, 28, 1]` for
    /// Fashion-MNIST) and `classCount` classes, its parameters initialized
    /// from `PRNGKey(seed)`; Adam's learning rate follows a cosine decay to
    /// 0 over `decaySteps` when given. Each step runs on `devices` CPU
    /// devices, which must divide every batch's size.
    ///
    /// - Throws: ``TrainingError/invalidImageShape(_:)`` unless
    ///   `exampleShape` is `[H, W, C]` of positive sizes;
    ///   ``TrainingError/invalidConfiguration(_:)`` unless `devices` is 1 to
    ///   1024; runtime errors.
    public init(model: SmallImageResNet = .resnet18, exampleShape: [Int], classCount: Int, learningRate: Double = 1e-3,
                decaySteps: Int? = nil, seed: Int = 0, devices: Int = 1) throws {
        guard exampleShape.count == 3, exampleShape.allSatisfy({ $0 > 0 }) else {
            throw TrainingError.invalidImageShape("images must be [H, W, C] of positive sizes, not \(exampleShape)")
        }
        guard (1...1024).contains(devices) else {
            throw TrainingError.invalidConfiguration("\(devices) devices: train on 1 to 1024")
        }
        self.model = model
        self.devices = devices
        // Batch norm averages its statistics over the devices only inside the data-parallel step.
        let training = { (axis: String?) in
            transformWithState { (images: Tensor) in
                model.logits(images, classCount: classCount, isTraining: true, crossReplicaAxis: axis)
            }
        }
        state = try TrainingStateCarrier(devices: devices, seed: seed, exampleShape: exampleShape, learningRate: learningRate,
                                         decaySteps: decaySteps, forward: training) { forward, optimizer in
            statefulClassifierUpdate(forward, optimizer: optimizer, classCount: classCount)
        }
        let evaluation = transformWithState { (images: Tensor) in model.logits(images, classCount: classCount, isTraining: false) }
        predict = jit { (params: Params, state: State, images: Tensor) -> Tensor in
            try evaluation.apply(params, state, images).output.argmax(axis: -1)
        }
    }

    /// One step on a batch of images `[B, H, W, C]` and labels `[B]`;
    /// returns the loss before the update.
    ///
    /// - Throws: a `TensorError` when several devices cannot share the
    ///   batch evenly; the step's errors.
    public func train(images: Tensor, labels: Tensor) throws -> Float {
        let loss = try state.advance(images: images, labels: labels)
        step += 1
        return try loss.item(as: Float.self)
    }

    /// The fraction of `labels` predicted with batch norm's moving averages
    /// (evaluation mode), in chunks of `chunk` images.
    public func accuracy(images: Tensor, labels: Tensor, chunk: Int = 500) throws -> Double {
        let (params, modelState) = (self.params, self.modelState)
        return try predictionAccuracy(images: images, labels: labels, chunk: chunk) { try predict(params, modelState, $0) }
    }

    /// The parameters, batch norm's state, Adam's state and the step, with
    /// the model in the metadata, for `hkc train` to save.
    public var checkpoint: Checkpoint {
        Checkpoint(params: params, state: modelState, optimizerState: state.value.tree.optimizerState.leaves, step: step,
                   metadata: ["model": model.description])
    }

    /// Continues from `checkpoint` (one ``checkpoint`` wrote for the same
    /// network and class count): its parameters, batch norm's state, Adam's
    /// state and step.
    ///
    /// - Throws: ``TrainingError/mismatchedCheckpoint(_:)`` for another
    ///   network's checkpoint or other names, shapes or dtypes;
    ///   ``TrainingError/nonFiniteCheckpoint(_:)`` when a tensor holds a NaN
    ///   or an infinity.
    public func resume(from checkpoint: Checkpoint) throws {
        let recorded = checkpoint.metadata["model"] ?? "no model"
        guard recorded == model.description else {
            throw TrainingError.mismatchedCheckpoint("it records \(recorded), not \(model)")
        }
        try checkMatching(checkpoint.params, params, what: "parameters")
        try checkMatching(checkpoint.state, modelState, what: "batch norm state")
        guard checkpoint.optimizerState.map(\.type) == state.value.tree.optimizerState.leaves.map(\.type) else {
            throw TrainingError.mismatchedCheckpoint("its Adam state differs from the model's")
        }
        let optimizerState = try state.value.tree.optimizerState.unflatten(checkpoint.optimizerState)
        try state.replace(with: Flattened(StatefulTrainingState(params: checkpoint.params, modelState: checkpoint.state,
                                                                optimizerState: optimizerState)))
        step = checkpoint.step
    }
}

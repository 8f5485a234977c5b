import Checkpoints
import Haiku
import Optimizers

/// A ``VQVAEModel`` being trained with Adam: parameters, the codebook
/// (state), Adam's state and the step, with one compiled program for the
/// training step (the codebook's moving averages updated) and one for
/// evaluation (the codebook unchanged).
///
/// On several CPU devices of this process (`devices`), each step runs
/// data-parallel (``TrainingConfiguration/devices`` describes how): the
/// reconstruction and quantizer losses are averaged over the devices before
/// differentiating, and the quantizer's cluster statistics and perplexity
/// are taken over the whole batch (`VectorQuantizerEMA`'s
/// `crossReplicaAxis`), so the run follows one device's up to rounding; the
/// state stays on the devices between steps.
/// Not `Sendable`: it holds compiled functions with their closures.
public final class VQVAETrainer {
    /// The model it trains.
    public let model: VQVAEModel
    /// Steps taken so far.
    public private(set) var step = 0
    /// The parameters now.
    public var params: Params { state.value.tree.params }
    /// The model's state now (the quantizer's codebook and moving averages).
    public var modelState: State { state.value.tree.modelState }
    /// The CPU devices each step runs on.
    public let devices: Int

    private let state: TrainingStateCarrier<StatefulTrainingState>
    private let evaluate: JITFunction<Params, State, Tensor, VQVAEOutput>

    /// A trainer for images of `exampleShape` (`[28, 28, 1]` for MNIST),
    /// its parameters initialized from `PRNGKey(seed)`; Adam's learning
    /// rate follows a cosine decay to 0 over `decaySteps` when given. Each
    /// step runs on `devices` CPU devices, which must divide every batch's size.
    ///
    /// - Throws: ``TrainingError/invalidImageShape(_:)`` unless `exampleShape`
    ///   is `[H, W, C]` with H and W positive multiples of 4 (the encoder
    ///   halves them twice, the decoder doubles them back) and C positive;
    ///   ``TrainingError/invalidConfiguration(_:)`` unless `devices` is 1 to
    ///   1024; runtime errors.
    public init(model: VQVAEModel = VQVAEModel(), exampleShape: [Int], learningRate: Double = 1e-3,
                decaySteps: Int? = nil, seed: Int = 0, devices: Int = 1) throws {
        guard exampleShape.count == 3, exampleShape.allSatisfy({ $0 > 0 }),
              exampleShape[0] % 4 == 0, exampleShape[1] % 4 == 0 else {
            throw TrainingError.invalidImageShape(
                "images must be [H, W, C] with H and W positive multiples of 4, not \(exampleShape)")
        }
        guard (1...1024).contains(devices) else {
            throw TrainingError.invalidConfiguration("\(devices) devices: train on 1 to 1024")
        }
        self.model = model
        self.devices = devices
        // The quantizer combines its statistics over the devices only inside the data-parallel step.
        let training = { (axis: String?) in
            transformWithState { (images: Tensor) in model(images, isTraining: true, crossReplicaAxis: axis) }
        }
        state = try TrainingStateCarrier(devices: devices, seed: seed, exampleShape: exampleShape, learningRate: learningRate,
                                         decaySteps: decaySteps, forward: training, update: vqvaeUpdate)
        let evaluation = transformWithState { (images: Tensor) in model(images, isTraining: false) }
        evaluate = jit { (params: Params, state: State, images: Tensor) -> VQVAEOutput in
            try evaluation.apply(params, state, images).output
        }
    }

    /// One step on a batch `[B, H, W, 1]`; returns its losses before the update.
    ///
    /// - Throws: a `TensorError` when several devices cannot share the
    ///   batch evenly; the step's errors.
    public func train(images: Tensor) throws -> VQVAELosses {
        let values = try trainFigures(images: images).scalars(as: Float.self)
        return VQVAELosses(reconstruction: values[0], quantizer: values[1], perplexity: values[2])
    }

    /// One step on a batch; returns `[reconstruction, quantizer, perplexity]`
    /// before the update as a tensor, without waiting for it or reading it
    /// (on several devices it is read from the first, which waits for the step).
    public func trainFigures(images: Tensor) throws -> Tensor {
        // An autoencoder's targets are its inputs: the step's label argument is the images again.
        let figures = try state.advance(images: images, labels: images)
        step += 1
        return figures
    }

    /// The training step's program for a batch like `images`, before
    /// compilation (for benchmarks and inspection).
    ///
    /// - Throws: ``TrainingError/invalidConfiguration(_:)`` for a trainer on
    ///   several devices (its step is a sharded program); tracing errors.
    public func lowerStep(images: Tensor) throws -> Lowered {
        guard let lowered = try state.lowerStep(images: images, labels: images) else {
            throw TrainingError.invalidConfiguration("lowerStep shows the one-device step, and this trainer runs on \(devices) devices")
        }
        return lowered
    }

    /// The mean reconstruction error of `images` (the codebook unchanged),
    /// in chunks of `chunk` images.
    public func reconstructionLoss(images: Tensor, chunk: Int = 1000) throws -> Double {
        var (sum, total) = (0.0, 0)
        for range in chunks(of: images.shape[0], size: chunk) {
            let error = try evaluate(params, modelState, images[range]).reconstructionLoss.item(as: Float.self)
            sum += Double(error) * Double(range.count)
            total += range.count
        }
        return sum / Double(max(total, 1))
    }

    /// The reconstructions of `images` (the codebook unchanged).
    public func reconstruct(_ images: Tensor) throws -> Tensor {
        try evaluate(params, modelState, images).reconstruction
    }

    /// The parameters, the codebook, Adam's state and the step, for
    /// `hkc train` to save.
    public var checkpoint: Checkpoint {
        Checkpoint(params: params, state: modelState, optimizerState: state.value.tree.optimizerState.leaves, step: step,
                   metadata: ["model": model.description])
    }
}

/// One training step's figures.
public struct VQVAELosses: Sendable, Equatable {
    /// The reconstruction's mean squared error.
    public var reconstruction: Float
    /// The quantizer's loss.
    public var quantizer: Float
    /// The perplexity of the codes the batch used.
    public var perplexity: Float
}

/// The VQ-VAE's training step with `forward` (the model in training mode),
/// on one device's share of the batch when data-parallel: the reconstruction
/// and quantizer losses averaged over the devices by `average` before
/// differentiating, one Adam update, the codebook's moving averages carried
/// as the model state; the loss returned is `[reconstruction, quantizer,
/// perplexity]`. The labels (the images again) are not read.
private func vqvaeUpdate(_ forward: TransformedWithState<Tensor, VQVAEOutput>, optimizer: Adam)
    -> TrainingUpdate<StatefulTrainingState> {
    { current, images, _, average in
        let ((_, after), gradient) = try valueAndGrad { (params: Params) -> (Tensor, FiguresAndState) in
            let (output, modelState) = try forward.apply(params, current.modelState, images)
            let (reconstruction, quantizer) = (average(output.reconstructionLoss), average(output.quantizerLoss))
            let figures = stack([reconstruction, quantizer, output.perplexity])
            return (reconstruction + quantizer, FiguresAndState(figures: figures, modelState: modelState))
        }(current.params)
        let (updates, next) = optimizer.update(gradient, state: current.optimizerState, params: current.params)
        let updated = StatefulTrainingState(params: applyUpdates(current.params, updates), modelState: after.modelState,
                                            optimizerState: next)
        return (updated, after.figures)
    }
}

/// The training loss's auxiliary output: the step's figures
/// `[reconstruction, quantizer, perplexity]` and the updated model state.
private struct FiguresAndState: TensorTree {
    var figures: Tensor
    var modelState: State

    func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> FiguresAndState {
        FiguresAndState(figures: try transform(figures), modelState: try modelState.mapTensors(transform))
    }
}

import Checkpoints
import Haiku
import Optimizers

/// A ``VQVAEModel`` being trained with Adam: parameters, the codebook
/// (state), Adam's state and the step, with one compiled program for the
/// training step (the codebook's moving averages updated) and one for
/// evaluation (the codebook unchanged).
/// Not `Sendable`: it holds compiled functions with their closures.
public final class VQVAETrainer {
    /// The model it trains.
    public let model: VQVAEModel
    /// Steps taken so far.
    public private(set) var step = 0
    /// The parameters now.
    public var params: Params { state.tree.params }
    /// The model's state now (the quantizer's codebook and moving averages).
    public var modelState: State { state.tree.modelState }

    private var state: Flattened<StatefulTrainingState>
    private let trainStep: JITFunction<Flattened<StatefulTrainingState>, Tensor, StepResult<StatefulTrainingState>>
    private let evaluate: JITFunction<Params, State, Tensor, VQVAEOutput>

    /// A trainer for images of `exampleShape` (`[28, 28, 1]` for MNIST),
    /// its parameters initialized from `PRNGKey(seed)`; Adam's learning
    /// rate follows a cosine decay to 0 over `decaySteps` when given.
    ///
    /// - Throws: ``TrainingError/invalidImageShape(_:)`` unless `exampleShape`
    ///   is `[H, W, C]` with H and W positive multiples of 4 (the encoder
    ///   halves them twice, the decoder doubles them back) and C positive.
    public init(model: VQVAEModel = VQVAEModel(), exampleShape: [Int], learningRate: Double = 1e-3,
                decaySteps: Int? = nil, seed: Int = 0) throws {
        guard exampleShape.count == 3, exampleShape.allSatisfy({ $0 > 0 }),
              exampleShape[0] % 4 == 0, exampleShape[1] % 4 == 0 else {
            throw TrainingError.invalidImageShape(
                "images must be [H, W, C] with H and W positive multiples of 4, not \(exampleShape)")
        }
        self.model = model
        let training = transformWithState { (images: Tensor) in model(images, isTraining: true) }
        let evaluation = transformWithState { (images: Tensor) in model(images, isTraining: false) }
        let optimizer = adam(learningRate: decaySteps.map { cosineDecaySchedule(initValue: learningRate, decaySteps: $0) }
            ?? Schedule(floatLiteral: learningRate))
        let (params, modelState) = try training.initialize(rng: PRNGKey(seed), Tensor.zeros([1] + exampleShape))
        state = Flattened(StatefulTrainingState(params: params, modelState: modelState,
                                                optimizerState: optimizer.initialize(params)))
        trainStep = jit(donating: [0]) { (state: Flattened<StatefulTrainingState>, images: Tensor) -> StepResult<StatefulTrainingState> in
            let current = state.tree
            let ((_, after), gradient) = try valueAndGrad { (params: Params) -> (Tensor, FiguresAndState) in
                let (output, modelState) = try training.apply(params, current.modelState, images)
                let figures = stack([output.reconstructionLoss, output.quantizerLoss, output.perplexity])
                return (output.loss, FiguresAndState(figures: figures, modelState: modelState))
            }(current.params)
            let (updates, next) = optimizer.update(gradient, state: current.optimizerState, params: current.params)
            let updated = StatefulTrainingState(params: applyUpdates(current.params, updates), modelState: after.modelState,
                                                optimizerState: next)
            return StepResult(state: Flattened(updated), loss: after.figures)
        }
        evaluate = jit { (params: Params, state: State, images: Tensor) -> VQVAEOutput in
            try evaluation.apply(params, state, images).output
        }
    }

    /// One step on a batch `[B, H, W, 1]`; returns its losses before the update.
    public func train(images: Tensor) throws -> VQVAELosses {
        let values = try trainFigures(images: images).scalars(as: Float.self)
        return VQVAELosses(reconstruction: values[0], quantizer: values[1], perplexity: values[2])
    }

    /// One step on a batch; returns `[reconstruction, quantizer, perplexity]`
    /// before the update as a tensor, without waiting for it or reading it.
    public func trainFigures(images: Tensor) throws -> Tensor {
        let result = try trainStep(state, images)
        (state, step) = (result.state, step + 1)
        return result.loss
    }

    /// The training step's program for a batch like `images`, before
    /// compilation (for benchmarks and inspection).
    public func lowerStep(images: Tensor) throws -> Lowered {
        try trainStep.lower(state, images)
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
        Checkpoint(params: params, state: modelState, optimizerState: state.tree.optimizerState.leaves, step: step,
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

/// The training loss's auxiliary output: the step's figures
/// `[reconstruction, quantizer, perplexity]` and the updated model state.
private struct FiguresAndState: TensorTree {
    var figures: Tensor
    var modelState: State

    func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> FiguresAndState {
        FiguresAndState(figures: try transform(figures), modelState: try modelState.mapTensors(transform))
    }
}

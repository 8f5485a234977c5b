import ArgumentParser
import Haiku

/// Small built-in programs for `hkc compile` and `hkc bench`.
enum Example: String, CaseIterable, ExpressibleByArgument {
    /// A 784-300-100-10 MLP forward pass with ReLU and log-softmax on a batch of 8.
    case mlp
    /// A tanh RNN over 16 steps with `scan`.
    case rnn
    /// The CNN's forward pass (`MNISTModel.cnn`, Haiku modules) on a batch of 8 images of [28, 28, 1].
    case cnn
    /// `hkc bench mobilenet`'s training step (``StatefulClassifierTrainingStep``) at its default batch.
    case mobilenet
    /// `hkc bench resnet18`'s training step at its default batch.
    case resnet18
    /// `hkc bench resnet50`'s training step at its default batch.
    case resnet50
    /// `hkc bench lstm`'s training step at its default batch and length.
    case lstm
    /// `hkc bench transformer`'s training step at its default batch and length.
    case transformer

    /// The function, traced for its example arguments.
    func lower() throws -> Lowered {
        try program().lower()
    }

    /// The function and its example arguments, ready to lower or run.
    func program() throws -> ExampleProgram {
        switch self {
        case .mlp:
            let forward = jit { (params: [Tensor], x: Tensor) -> Tensor in
                var h = x
                for layer in stride(from: 0, to: params.count, by: 2) {
                    h = matmul(h, params[layer]) + params[layer + 1]
                    if layer + 2 < params.count { h = maximum(h, 0) }
                }
                let shifted = h - h.max(axes: [-1], keepDims: true)
                return shifted - log(exp(shifted).sum(axes: [-1], keepDims: true))
            }
            let sizes = [784, 300, 100, 10]
            let params = zip(sizes, sizes.dropFirst()).flatMap { [Tensor.zeros([$0, $1]), Tensor.zeros([$1])] }
            let x = Tensor.zeros([8, 784])
            return ExampleProgram(lower: { try forward.lower(params, x) }, run: { try forward(params, x).blockUntilReady() })
        case .rnn:
            let run = jit { (w: Tensor, xs: Tensor) -> Tensor in
                scan(Tensor.zeros([32]), xs) { h, x in
                    let next = tanh(matmul(x, w) + h)
                    return (next, next)
                }.ys
            }
            let (w, xs) = (Tensor.zeros([32, 32]), Tensor.zeros([16, 32]))
            return ExampleProgram(lower: { try run.lower(w, xs) }, run: { try run(w, xs).blockUntilReady() })
        case .cnn:
            let forward = MNISTModel.cnn.forward
            let images = Tensor.zeros([8] + MNISTModel.cnn.exampleShape)
            let apply = jit { (params: Params, images: Tensor) -> Tensor in try forward.apply(params, images) }
            let params = try forward.initialize(rng: PRNGKey(0), images)
            return ExampleProgram(lower: { try apply.lower(params, images) }, run: { try apply(params, images).blockUntilReady() })
        case .mobilenet: return ExampleProgram(try Self.trainingStep(.mobilenet, .mobilenet))
        case .resnet18: return ExampleProgram(try Self.trainingStep(.resnet18, .resnet18))
        case .resnet50: return ExampleProgram(try Self.trainingStep(.resnet50, .resnet50))
        case .lstm:
            return ExampleProgram(try SequenceTrainingStep.lstm(batch: BenchmarkModel.lstm.defaultBatch,
                                                                length: LSTMSequenceModel.defaultLength))
        case .transformer:
            return ExampleProgram(try SequenceTrainingStep.transformer(batch: BenchmarkModel.transformer.defaultBatch,
                                                                       length: TransformerSequenceModel.defaultLength))
        }
    }

    /// `hkc bench`'s step of `network` (the one of `model`) at the model's default batch.
    private static func trainingStep(_ model: BenchmarkModel, _ network: StatefulBenchmarkNetwork) throws
        -> StatefulClassifierTrainingStep {
        try StatefulClassifierTrainingStep(network, batch: model.defaultBatch)
    }
}

/// An example's function with its arguments: traced (`lower`), or called
/// once and waited for (`run`, through its `jit`, so it compiles as a
/// program that uses it does).
struct ExampleProgram {
    /// Traces the function for the example's arguments.
    let lower: () throws -> Lowered
    /// Calls the function and waits for its result.
    let run: () throws -> Void

    /// A program from its two actions.
    init(lower: @escaping () throws -> Lowered, run: @escaping () throws -> Void) {
        self.lower = lower
        self.run = run
    }

    /// A training step's program: `run` dispatches one step and waits for its loss.
    init(_ step: some BenchmarkedTrainingStep) {
        lower = step.lower
        run = { try step.dispatch().blockUntilReady() }
    }
}

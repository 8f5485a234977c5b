import Datasets
import Glibc
import Haiku

/// Text from a trained next-character model (``ClassifierModel/characterLSTM(hiddenSize:)``
/// or ``ClassifierModel/characterTransformer(layers:modelSize:heads:)``), one character at a
/// time. Each step runs the network on a fixed window of `window`
/// characters: the text's last `window` characters, or, while the text is
/// shorter, the whole text followed by padding; both models are causal, so
/// the prediction at the text's last position ignores the padding. The
/// step's program (the network and the choice of that position's logits)
/// is compiled once, on the first character, and serves every later one
/// and every later call.
public struct CharacterSampler {
    /// The trainer whose parameters predict.
    public let trainer: ClassifierTrainer
    /// The characters the model reads for each prediction.
    public let window: Int
    /// 0 picks the most likely character (greedy); a positive temperature
    /// draws from `softmax(logits / temperature)`.
    public let temperature: Double
    /// Logits `[1, classes]` at one position (an `int32` scalar) of windows `[1, window]`.
    private let positionLogits: JITFunction<Params, Tensor, Tensor, Tensor>

    /// A sampler reading `window` characters (default: the trainer's
    /// example length, which a Transformer's learned positions allow at most).
    ///
    /// - Throws: ``TrainingError/invalidSampling(_:)`` for a trainer whose
    ///   model is not a character model, a window below 1, or a negative or
    ///   non-finite temperature.
    public init(trainer: ClassifierTrainer, window: Int? = nil, temperature: Double = 0) throws {
        guard trainer.configuration.model.isCharacterModel else {
            throw TrainingError.invalidSampling("\(trainer.configuration.model) is not a character model")
        }
        let window = window ?? trainer.exampleShape.last ?? 1
        guard window >= 1 else { throw TrainingError.invalidSampling("the window must be at least 1 character, not \(window)") }
        guard temperature >= 0, temperature.isFinite else {
            throw TrainingError.invalidSampling("the temperature must be finite and not negative, not \(temperature)")
        }
        self.trainer = trainer
        self.window = window
        self.temperature = temperature
        let forward = trainer.forward
        positionLogits = jit { (params: Params, characters: Tensor, position: Tensor) -> Tensor in
            take(try forward.apply(params, characters), position, axis: 1)
        }
    }

    /// How many programs the sampler has compiled (1 once it has drawn a
    /// character, whatever the prompts, counts and seeds).
    public var compiledPrograms: Int { positionLogits.compiledCount }

    /// `count` characters that continue `prompt` (character indices), drawn
    /// with a ``SplitMix64`` seeded with `seed`.
    ///
    /// - Throws: ``TrainingError/invalidSampling(_:)`` for an empty prompt,
    ///   a character outside the model's classes, or a negative count.
    public func continuation(of prompt: [Int32], count: Int, seed: UInt64 = 0) throws -> [Int32] {
        guard !prompt.isEmpty else { throw TrainingError.invalidSampling("the prompt must hold at least 1 character") }
        if let outside = prompt.first(where: { !(0..<Int32(clamping: trainer.classCount)).contains($0) }) {
            throw TrainingError.invalidSampling("the prompt's character \(outside) is outside the model's \(trainer.classCount) classes")
        }
        guard count >= 0 else { throw TrainingError.invalidSampling("the count must not be negative, not \(count)") }
        var text = prompt
        var generator = SplitMix64(seed: seed)
        for _ in 0..<count {
            let recent = Array(text.suffix(window))
            let padded = recent + [Int32](repeating: 0, count: window - recent.count)
            let logits = try positionLogits(trainer.params, Tensor(padded, shape: [1, window], dtype: .int32),
                                            Tensor(Int32(recent.count - 1))).scalars(as: Float.self)
            text.append(Int32(pick(logits, &generator)))
        }
        return Array(text.suffix(count))
    }

    /// The greedy choice, or a draw from the tempered softmax.
    private func pick(_ logits: [Float], _ generator: inout SplitMix64) -> Int {
        let largest = logits.indices.max { logits[$0] < logits[$1] } ?? 0
        guard temperature > 0 else { return largest }
        let weights = logits.map { exp((Double($0) - Double(logits[largest])) / temperature) }
        // 53 random bits as a uniform number in [0, 1), the same on every platform.
        var remaining = Double(generator.next() >> 11) * 0x1p-53 * weights.reduce(0, +)
        for (index, weight) in weights.enumerated() {
            remaining -= weight
            if remaining < 0 { return index }
        }
        return largest
    }
}

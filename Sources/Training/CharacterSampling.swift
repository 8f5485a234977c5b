import Datasets
import Glibc
import Haiku

/// Text from a trained next-character model (``ClassifierModel/characterLSTM(hiddenSize:)``
/// or ``ClassifierModel/characterTransformer(layers:modelSize:heads:)``), one character at a
/// time. Each step runs the network on the text's last `window` characters
/// (the whole text while it is shorter), compiled with ``Bucketing`` to the
/// one size `window`: a shorter text is padded after its end, and both
/// models are causal, so the prediction at the text's last position (the
/// true length, ``Bucket/validLength``) ignores the padding. The step's
/// program (the network and the choice of that position's logits) is
/// compiled once, on the first character, and serves every later one and
/// every later call.
public struct CharacterSampler {
    /// The trainer whose parameters predict.
    public let trainer: ClassifierTrainer
    /// The characters the model reads for each prediction.
    public let window: Int
    /// 0 picks the most likely character (greedy); a positive temperature
    /// draws from `softmax(logits / temperature)`.
    public let temperature: Double
    /// Logits `[1, classes]` at the last position of characters `[1, n]`, `n` at most `window`.
    private let lastLogits: JITFunction<Params, Tensor, Tensor>

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
        lastLogits = jit(bucketing: .sizes([window], axis: 1, arguments: [1], slicesResults: false)) {
            (params: Params, characters: Tensor) -> Tensor in
            let length = Bucket.validLength ?? Tensor(Int32(characters.shape[1]))
            return take(try forward.apply(params, characters), length - 1, axis: 1)
        }
    }

    /// How many programs the sampler has compiled (1 once it has drawn a
    /// character, whatever the prompts, counts and seeds).
    public var compiledPrograms: Int { lastLogits.compiledCount }

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
            let logits = try lastLogits(trainer.params, Tensor(recent, shape: [1, recent.count], dtype: .int32))
                .scalars(as: Float.self)
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

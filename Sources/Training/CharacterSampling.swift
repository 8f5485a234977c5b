import Datasets
import Glibc
import Haiku

/// Text from a trained next-character model
/// (``ClassifierModel/characterLSTM(hiddenSize:)``), one character at a
/// time: the model reads the last `window` characters from a zero state,
/// and the next character is drawn from its prediction for the last
/// position (the window the model was trained on, so one compiled program
/// serves every step).
public struct CharacterSampler {
    /// The trainer whose parameters predict.
    public let trainer: ClassifierTrainer
    /// The characters the model reads for each prediction.
    public let window: Int
    /// 0 picks the most likely character (greedy); a positive temperature
    /// draws from `softmax(logits / temperature)`.
    public let temperature: Double

    /// A sampler reading `window` characters.
    ///
    /// - Throws: ``TrainingError/invalidSampling(_:)`` for a window below 1
    ///   or a negative or non-finite temperature.
    public init(trainer: ClassifierTrainer, window: Int, temperature: Double = 0) throws {
        guard window >= 1 else { throw TrainingError.invalidSampling("the window must be at least 1 character, not \(window)") }
        guard temperature >= 0, temperature.isFinite else {
            throw TrainingError.invalidSampling("the temperature must be finite and not negative, not \(temperature)")
        }
        self.trainer = trainer
        self.window = window
        self.temperature = temperature
    }

    /// `count` characters that continue `prompt` (character indices), drawn
    /// with a ``SplitMix64`` seeded with `seed`.
    ///
    /// - Throws: ``TrainingError/invalidSampling(_:)`` for a prompt shorter
    ///   than ``window`` or a negative count.
    public func continuation(of prompt: [Int32], count: Int, seed: UInt64 = 0) throws -> [Int32] {
        guard prompt.count >= window else {
            throw TrainingError.invalidSampling("the prompt must hold at least \(window) characters, not \(prompt.count)")
        }
        guard count >= 0 else { throw TrainingError.invalidSampling("the count must not be negative, not \(count)") }
        var text = prompt
        var generator = SplitMix64(seed: seed)
        for _ in 0..<count {
            let input = Tensor(Array(text.suffix(window)), shape: [1, window], dtype: .int32)
            let logits = try trainer.logits(input).scalars(as: Float.self)
            let classes = logits.count / window
            text.append(Int32(pick(Array(logits.suffix(classes)), &generator)))
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

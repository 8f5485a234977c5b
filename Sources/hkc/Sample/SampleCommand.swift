import ArgumentParser
import Checkpoints
import Datasets
import Glibc
import Training
import XLARuntime

/// `hkc sample shakespeare`: text from a checkpoint of `hkc train
/// shakespeare` (either model: the checkpoint records which), continuing
/// a prompt one character at a time with one compiled program.
struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Continue a prompt with a character model trained by `hkc train shakespeare`.",
        discussion: """
        The checkpoint records its model (lstm or transformer) and window; the vocabulary is the Shakespeare \
        text's (Scripts/fetch-data). Each character is drawn from softmax(logits / temperature) at the text's \
        last position, reading at most the window's characters.
        """)

    @Argument(help: "The text the model was trained on: shakespeare.")
    var dataset: SamplingDataset = .shakespeare

    @Option(help: "A checkpoint written by `hkc train shakespeare`.")
    var checkpoint = "hkc-train.safetensors"

    @Option(help: "The text to continue (characters of the Shakespeare text only).")
    var prompt = "ROMEO:"

    @Option(help: "Characters to generate.")
    var length = 300

    @Option(help: "Sampling temperature; 0 picks the most likely character.")
    var temperature = 0.8

    @Option(help: "Seed of the draws (the same seed, prompt and checkpoint give the same text).")
    var seed = 0

    /// `--plugin`.
    @OptionGroup var pluginOptions: PluginOptions

    func validate() throws {
        try requireRange(length, 0...100_000, "length")
        try requireRange(seed, 0...Int(UInt32.max), "seed")
        guard temperature.isFinite, (0...100).contains(temperature) else {
            throw ValidationError("--temperature must be between 0 and 100 (got \(temperature))")
        }
        guard !prompt.isEmpty else { throw ValidationError("--prompt must hold at least one character") }
        guard Environment.fileExists(checkpoint) else { throw ValidationError("--checkpoint: no checkpoint at \(checkpoint)") }
    }

    func run() throws {
        try pluginOptions.start()
        let vocabulary = try Shakespeare.load().vocabulary
        let characters: [Int32]
        do { characters = try vocabulary.encode(prompt) } catch {
            throw ValidationError("--prompt: \(error)")
        }
        let trainer = try ClassifierTrainer(checkpoint: Checkpoint.load(from: checkpoint), classCount: vocabulary.count)
        let sampler = try CharacterSampler(trainer: trainer, temperature: temperature)
        let continuation = try sampler.continuation(of: characters, count: length, seed: UInt64(seed))
        print(prompt + (try vocabulary.decode(continuation)))
    }
}

/// The texts `hkc sample` knows.
enum SamplingDataset: String, ExpressibleByArgument, CaseIterable {
    case shakespeare
}

import ArgumentParser
import Checkpoints
import Datasets
import Glibc
import Haiku
import Training
import XLARuntime

/// `hkc train`: trains the MLP or the CNN classifier on MNIST or Fashion-MNIST.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train an MLP (300-100-10) or a CNN (--model) with Adam 1e-3 (cosine decay), batch 100, L2 1e-4 on MNIST or Fashion-MNIST.")

    @Argument(help: "mnist or fashion-mnist (fetched by Scripts/fetch-data).")
    var dataset: TrainingDataset = .mnist

    /// The network: the MLP or the CNN.
    @Option(help: "mlp (784-300-100-10) or cnn (two 3x3 convolutions with max pools, then Linear(10), on [B, 28, 28, 1]).")
    var model: MNISTModel = .mlp

    @Option(help: "Passes over the training set.")
    var epochs = 10

    @Option(help: "Examples per step.")
    var batch = 100

    @Option(help: "Seed of the initialization and of the data order.")
    var seed = 0

    @Option(help: "Where to keep the checkpoint (safetensors), written after every epoch.")
    var checkpoint = "hkc-train.safetensors"

    @Flag(help: "Continue from --checkpoint (give the run's --epochs and --seed again: the schedule and data order follow them).")
    var resume = false

    @Option(help: "Where to write the loss and accuracy curve (SVG).")
    var curve = "hkc-train.svg"

    @Option(help: "Train on the first N training examples only.")
    var limit: Int?

    func validate() throws {
        try requireRange(epochs, 1...10_000, "epochs")
        try requireRange(batch, 1...60_000, "batch")
        try requireRange(seed, 0...Int(UInt32.max), "seed")
        if let limit {
            try requireRange(limit, 1...Int(Int32.max), "limit")
            guard limit >= batch else { throw ValidationError("--limit must be at least --batch") }
        }
        try requireWritable(checkpoint, "checkpoint")
        try requireWritable(curve, "curve")
        if resume && !Environment.fileExists(checkpoint) { throw ValidationError("--resume: no checkpoint at \(checkpoint)") }
    }

    func run() throws {
        try requirePlugin()
        var setup = TrainingConfiguration()
        setup.model = model.classifier
        var train = try dataset.load(.train, layout: setup.model.layout)
        if let limit { train = train.prefix(limit) }
        guard batch <= train.count else {
            throw ValidationError("--batch \(batch) is larger than the \(train.count) training examples")
        }
        let test = try dataset.load(.test, layout: setup.model.layout).tensors()
        setup.batchSize = batch
        setup.seed = seed
        setup.decaySteps = epochs * (train.count / batch)
        let trainer = try ClassifierTrainer(configuration: setup, exampleShape: train.exampleShape, classCount: 10)
        if resume { try trainer.resume(from: Checkpoint.load(from: checkpoint)) }
        let batches = try Batches(train, batchSize: batch, seed: UInt64(seed), dropLast: true, epochs: epochs,
                                  startingAt: trainer.step)
        let perEpoch = batches.batchesPerEpoch
        print("\(dataset.rawValue), \(model.rawValue): \(train.count) training examples, \(perEpoch) steps per epoch, from step \(trainer.step)")
        var plot = CurvePlot()
        var progress = Progress(total: perEpoch * epochs, enabled: isatty(STDOUT_FILENO) != 0)
        let clock = ContinuousClock()
        var stepTime = Duration.zero
        var timedSteps = 0
        let firstStep = trainer.step + 1
        for (images, labels) in batches {
            let start = clock.now
            let loss = try trainer.train(images: images, labels: labels)
            // The first step of a run compiles the program: not a step time.
            if trainer.step > firstStep { stepTime += clock.now - start; timedSteps += 1 }
            if trainer.step % 50 == 0 { plot.losses.append((trainer.step, Double(loss))) }
            progress.update(trainer.step, loss: loss)
            if trainer.step % perEpoch == 0 {
                let accuracy = try trainer.accuracy(images: test.images, labels: test.labels)
                plot.accuracies.append((trainer.step, accuracy))
                progress.clear()
                let perStep = timedSteps > 0 ? stepTime.seconds / Double(timedSteps) : 0
                print("epoch \(trainer.step / perEpoch): test accuracy \(decimal(accuracy * 100, places: 2))%, loss \(loss), step \(milliseconds(perStep)) ms")
                try trainer.checkpoint.save(to: checkpoint)
            }
        }
        try writeFile(curve, plot.svg)
        print("checkpoint: \(checkpoint), curve: \(curve)")
    }
}

/// The data sets `hkc train` knows.
enum TrainingDataset: String, ExpressibleByArgument, CaseIterable {
    case mnist
    case fashionMNIST = "fashion-mnist"

    func load(_ split: Split, layout: ImageLayout) throws -> LabeledImages {
        switch self {
        case .mnist: try MNIST.load(split: split, layout: layout)
        case .fashionMNIST: try FashionMNIST.load(split: split, layout: layout)
        }
    }
}

/// A one-line progress bar, drawn only on a terminal.
struct Progress {
    let total: Int
    let enabled: Bool

    mutating func update(_ step: Int, loss: Float) {
        guard enabled, step % 10 == 0 else { return }
        let filled = min(30, step * 30 / max(total, 1))
        print("\r[\(String(repeating: "#", count: filled))\(String(repeating: ".", count: 30 - filled))] step \(step)/\(total) loss \(loss)",
              terminator: "")
        fflush(nil)
    }

    func clear() {
        guard enabled else { return }
        print("\r\u{1B}[K", terminator: "")
    }
}

/// Writes `text` to `path` atomically.
func writeFile(_ path: String, _ text: String) throws {
    guard Array(text.utf8).withUnsafeBytes({ Files.write($0, to: path) }) else { throw ValidationError("cannot write \(path)") }
}

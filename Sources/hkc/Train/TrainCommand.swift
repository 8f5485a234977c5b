import ArgumentParser
import Checkpoints
import Datasets
import Distributed
import Glibc
import Haiku
import Training
import FileSystem
import XLARuntime

/// `hkc train`: trains the MLP or the CNN classifier on MNIST or
/// Fashion-MNIST, or a character Transformer or LSTM on the Shakespeare
/// text (``trainText()``).
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train an MLP (300-100-10), a CNN, ResNet18 or a VQ-VAE (--model) on MNIST or Fashion-MNIST, or a character Transformer or LSTM on Shakespeare, with Adam (cosine decay).",
        discussion: """
        mnist, fashion-mnist: Adam 1e-3, batch 100, L2 1e-4, 10 epochs; test accuracy after each epoch.
        --model resnet18: ResNet18 with the CIFAR stem (3x3 stride 1) on the 28x28 images, Adam 1e-3, batch 100, \
        3 epochs; test accuracy with batch norm's moving averages after each epoch.
        --model vqvae: Adam 1e-3, batch 100, 3 epochs; test reconstruction error after each epoch, then a PNG \
        of test images over their reconstructions (--grid).
        shakespeare: next-character prediction on windows of --length characters, 1 epoch, with a decoder-only \
        Transformer (--layers, --model-size, --heads; windows of 128, Adam 1e-3, batch 8) or an LSTM (--hidden; \
        windows of 64, Adam 1e-2, batch 32); training and validation loss (and bits per character) every 100 \
        steps, then a sampled continuation of a validation passage. `hkc sample` continues a prompt from the checkpoint.
        """)

    @Argument(help: "mnist, fashion-mnist or shakespeare (fetched by Scripts/fetch-data).")
    var dataset: TrainingDataset = .mnist

    /// The network: the MLP, the CNN or the VQ-VAE for the image data sets,
    /// the Transformer or the LSTM for the text.
    @Option(help: "mnist, fashion-mnist: mlp (784-300-100-10), cnn (two 3x3 convolutions with max pools, then Linear(10), on [B, 28, 28, 1]), vqvae (an autoencoder through VectorQuantizerEMA; writes --grid) or resnet18 (ResNet18 with a 3x3 stride-1 stem, batch norm) (default: mlp); shakespeare: transformer or lstm (default: transformer).")
    var model: TrainModel?

    @Option(help: "Passes over the training set. (default: 10; vqvae, resnet18: 3; shakespeare: 1)")
    var epochs: Int?

    @Option(help: "Examples per step. (default: 100; shakespeare: 8 windows, lstm: 32)")
    var batch: Int?

    @Option(help: "Adam's learning rate, which decays to 0 over the run (cosine). (default: 0.001; shakespeare lstm: 0.01)")
    var learningRate: Double?

    @Option(help: "Seed of the initialization, the data order (shakespeare: also the training windows' offset in each epoch) and the sampling.")
    var seed = 0

    @Option(help: "Where to keep the checkpoint (safetensors), written after every epoch.")
    var checkpoint = "hkc-train.safetensors"

    @Flag(help: "Continue from --checkpoint (give the run's --epochs and --seed again: the schedule and data order follow them).")
    var resume = false

    @Option(help: "Where to write the loss and accuracy curve (SVG).")
    var curve = "hkc-train.svg"

    @Option(help: "Train on the first N training examples (shakespeare: windows) only.")
    var limit: Int?

    @Option(help: "shakespeare lstm: the LSTM's hidden size. (default: 256)")
    var hidden: Int?

    @Option(help: "shakespeare transformer: decoder blocks. (default: 4)")
    var layers: Int?

    @Option(help: "shakespeare transformer: the width of each position's vector (d_model). (default: 256)")
    var modelSize: Int?

    @Option(help: "shakespeare transformer: attention heads per block. (default: 4)")
    var heads: Int?

    @Option(help: "shakespeare: characters per training window (T). (default: 128; lstm: 64)")
    var length: Int?

    @Option(help: "shakespeare: characters to sample at the end. (default: 200)")
    var sample: Int?

    @Option(help: "shakespeare: sampling temperature; 0 picks the most likely character. (default: 0.8)")
    var temperature: Double?

    @Flag(inversion: .prefixedNo, help: "shakespeare: pad each epoch's last, smaller batch to --batch (the loss leaves the padding out), so the training step compiles once; --no-bucketing compiles it again for that batch.")
    var bucketing = true

    @Option(help: "Train data-parallel over this many CPU devices of this process (the plugin's cpu_device_count): each takes --batch / N examples of every batch, the gradients are averaged, resnet18's batch norm and the vqvae's quantizer take their statistics over all N, so the run follows one device's up to rounding (shakespeare: each epoch's last, smaller batch is left out). (default: 1)")
    var devices = 1

    @Option(help: "mnist, fashion-mnist with mlp or cnn: train data-parallel over this many processes on this machine, which hkc starts itself (they join over loopback TCP; each takes --batch / N examples of every batch, the gradients and losses are averaged between them every step, and every process applies the same update, so the run follows one process's up to rounding). Process 0 prints, evaluates and writes the checkpoint and the curve. (default: 1)")
    var processes = 1

    @Option(help: "mnist, fashion-mnist with mlp, cnn or resnet18: a mixed-precision policy, as jmp parses it (e.g. p=f32,c=bf16,o=f32: parameters and the loss in float32, the network computing in bfloat16), set on the network's outermost module, batch norm kept in float32.")
    var policy: String?

    @Option(help: "vqvae: where to write the PNG of the first test images over their reconstructions. (default: hkc-vqvae.png)")
    var grid: String?

    /// The epochs, batch size and text options with the data set's defaults.
    var epochCount: Int { epochs ?? (dataset == .shakespeare ? 1 : model == .vqvae || model == .resnet18 ? 3 : 10) }
    var batchSize: Int { batch ?? (dataset != .shakespeare ? 100 : textModel == .lstm ? 32 : 8) }
    var initialLearningRate: Double { learningRate ?? (dataset == .shakespeare && textModel == .lstm ? 1e-2 : 1e-3) }

    /// `--plugin`.
    @OptionGroup var pluginOptions: PluginOptions

    func validate() throws {
        try requireRange(epochCount, 1...10_000, "epochs")
        try requireRange(batchSize, 1...60_000, "batch")
        try requireRange(seed, 0...Int(UInt32.max), "seed")
        guard initialLearningRate > 0, initialLearningRate <= 1 else {
            throw ValidationError("--learning-rate must be above 0 and at most 1 (got \(initialLearningRate))")
        }
        if let limit {
            try requireRange(limit, 1...Int(Int32.max), "limit")
            guard limit >= batchSize else { throw ValidationError("--limit must be at least --batch") }
        }
        try requireWritable(checkpoint, "checkpoint")
        try requireWritable(curve, "curve")
        try validateVQVAE()
        try validateDevices()
        try validateProcesses()
        try validatePolicy()
        if resume && !Environment.fileExists(checkpoint) { throw ValidationError("--resume: no checkpoint at \(checkpoint)") }
        if dataset == .shakespeare {
            try validateText()
        } else {
            if let model, model.isCharacterModel {
                throw ValidationError("--model \(model.rawValue) is for shakespeare; \(dataset.rawValue) trains mlp, cnn, vqvae or resnet18")
            }
            for (name, given) in [("hidden", hidden != nil), ("layers", layers != nil), ("model-size", modelSize != nil),
                                  ("heads", heads != nil), ("length", length != nil), ("sample", sample != nil),
                                  ("temperature", temperature != nil)] where given {
                throw ValidationError("--\(name) is for shakespeare, not \(dataset.rawValue)")
            }
        }
    }

    func run() throws {
        if processes > 1 && !ProcessGroup.isLaunched {
            return try launchProcesses()
        }
        try pluginOptions.start()
        if let policy, let target = (model ?? .mlp).policyTarget {
            let networkPolicy = try NetworkPolicy(policy)
            networkPolicy.apply(to: target.network, batchNorm: target.batchNorm)
            report("policy \(networkPolicy.policy) on \(target.network)" + (target.batchNorm ? ", \(networkPolicy.batchNormPolicy) on BatchNorm" : ""))
        }
        if dataset == .shakespeare { return try trainText() }
        if self.model == .resnet18 { return try trainResNet() }
        guard let model = (self.model ?? .mlp).classifier else { return try trainVQVAE() }
        let group = try joinProcessGroup()
        var setup = TrainingConfiguration()
        setup.model = model.classifier
        setup.learningRate = initialLearningRate
        var train = try dataset.load(.train, layout: setup.model.layout)
        if let limit { train = train.prefix(limit) }
        guard batchSize <= train.count else {
            throw ValidationError("--batch \(batchSize) is larger than the \(train.count) training examples")
        }
        let test = try dataset.load(.test, layout: setup.model.layout).tensors()
        setup.batchSize = batchSize
        setup.seed = seed
        setup.devices = devices
        setup.decaySteps = epochCount * (train.count / batchSize)
        // Process 0 of several reports, evaluates and writes the files; the others only train.
        let leads = (group?.rank ?? 0) == 0
        let trainer = try ClassifierTrainer(configuration: setup, exampleShape: train.exampleShape, classCount: 10, processGroup: group)
        if resume { try trainer.resume(from: Checkpoint.load(from: checkpoint)) }
        let batches = try Batches(train, batchSize: batchSize, seed: UInt64(seed), dropLast: true, epochs: epochCount,
                                  startingAt: trainer.step)
        let perEpoch = batches.batchesPerEpoch
        print("\(dataset.rawValue), \(model.rawValue): \(train.count) training examples, \(perEpoch) steps per epoch, from step \(trainer.step)"
            + (devices > 1 ? ", data-parallel over \(devices) CPU devices" : "")
            + (processes > 1 ? ", data-parallel over \(processes) processes" : ""))
        var plot = CurvePlot()
        var progress = Progress(total: perEpoch * epochCount, enabled: isatty(STDOUT_FILENO) != 0)
        var timer = StepTimer(firstStep: trainer.step + 1)
        for (images, labels) in batches {
            let loss = try timer.time(step: trainer.step + 1) { try trainer.train(images: images, labels: labels) }
            if trainer.step % 50 == 0 { plot.losses.append((trainer.step, Double(loss))) }
            progress.update(trainer.step, loss: loss)
            if trainer.step % perEpoch == 0 && leads {
                let accuracy = try trainer.accuracy(images: test.images, labels: test.labels)
                plot.accuracies.append((trainer.step, accuracy))
                progress.clear()
                report("epoch \(trainer.step / perEpoch): test accuracy \(decimal(accuracy * 100, places: 2))%, loss \(loss), step \(milliseconds(timer.secondsPerStep)) ms")
                try trainer.checkpoint.save(to: checkpoint)
            }
        }
        guard leads else { return }
        try writeFile(curve, plot.svg)
        print("checkpoint: \(checkpoint), curve: \(curve)")
    }
}

extension TrainCommand {
    /// `--policy`: a policy jmp parses, for mnist and fashion-mnist with mlp, cnn or resnet18.
    func validatePolicy() throws {
        guard let policy else { return }
        guard dataset != .shakespeare, (model ?? .mlp).policyTarget != nil else {
            throw ValidationError("--policy is for mnist and fashion-mnist with --model mlp, cnn or resnet18")
        }
        _ = try NetworkPolicy(policy)
    }

    /// `--devices`: 1 to 64, dividing `--batch`.
    func validateDevices() throws {
        try requireRange(devices, 1...64, "devices")
        guard devices > 1 else { return }
        guard batchSize % devices == 0 else {
            throw ValidationError("--batch \(batchSize) does not split evenly over --devices \(devices)")
        }
    }
}

/// The data sets `hkc train` knows.
enum TrainingDataset: String, ExpressibleByArgument, CaseIterable {
    case mnist
    case fashionMNIST = "fashion-mnist"
    case shakespeare

    /// One split of an image data set.
    func load(_ split: Split, layout: ImageLayout) throws -> LabeledImages {
        switch self {
        case .mnist: try MNIST.load(split: split, layout: layout)
        case .fashionMNIST: try FashionMNIST.load(split: split, layout: layout)
        case .shakespeare: throw ValidationError("shakespeare is a text, not images")
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

/// Prints `line` at once, even into a pipe or a file, so that a log shows
/// each report as it comes.
func report(_ line: String) {
    print(line)
    fflush(nil)
}

/// Writes `text` to `path` atomically.
func writeFile(_ path: String, _ text: String) throws {
    try writeFile(path, Array(text.utf8))
}

/// Writes `bytes` to `path` atomically; a failure is a usage error naming the file and why.
func writeFile(_ path: String, _ bytes: [UInt8]) throws {
    do { try Files.write(bytes, to: path) } catch { throw ValidationError("\(error)") }
}

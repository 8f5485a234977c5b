import ArgumentParser
import Checkpoints
import Datasets
import Glibc
import Training

/// `hkc train shakespeare`: a character Transformer or LSTM learning to
/// predict the next character of seven Shakespeare plays.
extension TrainCommand {
    /// Steps between two reports of the losses.
    static let reportInterval = 100

    /// The text options with their defaults.
    var textModel: TrainModel { model ?? .transformer }
    var hiddenSize: Int { hidden ?? 256 }
    var layerCount: Int { layers ?? 4 }
    var width: Int { modelSize ?? 256 }
    var headCount: Int { heads ?? 4 }
    var windowLength: Int { length ?? (textModel == .lstm ? 64 : 128) }
    var sampleCount: Int { sample ?? 200 }
    var samplingTemperature: Double { temperature ?? 0.8 }

    /// The character model the options describe.
    var characterModel: ClassifierModel {
        textModel == .lstm ? .characterLSTM(hiddenSize: hiddenSize)
            : .characterTransformer(layers: layerCount, modelSize: width, heads: headCount)
    }

    /// Checks the text options.
    func validateText() throws {
        guard textModel.isCharacterModel else {
            throw ValidationError("--model \(textModel.rawValue) is for mnist and fashion-mnist; shakespeare trains transformer or lstm")
        }
        let options = textModel == .lstm ? [("layers", layers), ("model-size", modelSize), ("heads", heads)] : [("hidden", hidden)]
        for (name, value) in options where value != nil {
            throw ValidationError("--\(name) is not an option of the \(textModel.rawValue) model")
        }
        try requireRange(hiddenSize, 1...4096, "hidden")
        try requireRange(layerCount, 1...64, "layers")
        try requireRange(width, 1...4096, "model-size")
        try requireRange(headCount, 1...width, "heads")
        try requireRange(windowLength, 1...4096, "length")
        try requireRange(sampleCount, 0...100_000, "sample")
        guard samplingTemperature.isFinite, (0...100).contains(samplingTemperature) else {
            throw ValidationError("--temperature must be between 0 and 100 (got \(samplingTemperature))")
        }
    }

    /// Trains, reporting the training loss (the mean since the last report)
    /// and the validation loss in nats and bits per character, then prints
    /// a continuation of the validation part's first window.
    func trainText() throws {
        let text = try Shakespeare.load()
        // Training windows start at a fresh offset each epoch (from --seed); validation windows stay put.
        var (train, validation) = try text.windows(length: windowLength, trainingPlacement: .randomOffsetPerEpoch(seed: UInt64(seed)))
        if let limit { train = train.prefix(limit) }
        guard batchSize <= train.count else {
            throw ValidationError("--batch \(batchSize) is larger than the \(train.count) training windows")
        }
        var setup = TrainingConfiguration()
        setup.model = characterModel
        setup.learningRate = initialLearningRate
        setup.l2 = 0
        setup.batchSize = batchSize
        setup.seed = seed
        setup.devices = devices
        // Several devices need batches that split evenly: each epoch's last, smaller batch is left out.
        let dropLast = devices > 1
        setup.decaySteps = epochCount * (dropLast ? train.count / batchSize : (train.count + batchSize - 1) / batchSize)
        setup.bucketsPartialBatches = bucketing && !dropLast
        let trainer = try ClassifierTrainer(configuration: setup, exampleShape: [windowLength], classCount: text.vocabulary.count)
        if resume { try trainer.resume(from: Checkpoint.load(from: checkpoint)) }
        let batches = try Batches(train, batchSize: batchSize, seed: UInt64(seed), dropLast: dropLast, epochs: epochCount,
                                  startingAt: trainer.step)
        let perEpoch = batches.batchesPerEpoch
        let held = validation.batch(0..<validation.count)
        report("shakespeare, \(setup.model): \(text.vocabulary.count) distinct characters, \(train.count) training windows of \(windowLength) at a random offset each epoch (\(validation.count) fixed ones for validation), \(perEpoch) steps per epoch, from step \(trainer.step)"
            + (devices > 1 ? ", data-parallel over \(devices) CPU devices" : ""))
        var plot = CurvePlot(accuracyLabel: "validation accuracy per character")
        var progress = Progress(total: perEpoch * epochCount, enabled: isatty(STDOUT_FILENO) != 0)
        var timer = StepTimer(firstStep: trainer.step + 1)
        var (lossSum, lossCount) = (0.0, 0)
        for (inputs, targets) in batches {
            let loss = try timer.time(step: trainer.step + 1) { try trainer.train(images: inputs, labels: targets) }
            (lossSum, lossCount) = (lossSum + Double(loss), lossCount + 1)
            if trainer.step % 10 == 0 { plot.losses.append((trainer.step, Double(loss))) }
            progress.update(trainer.step, loss: loss)
            let endOfEpoch = trainer.step % perEpoch == 0
            guard endOfEpoch || trainer.step % Self.reportInterval == 0 else { continue }
            let validationLoss = try trainer.loss(images: held.inputs, labels: held.targets, chunk: 256)
            let accuracy = try trainer.accuracy(images: held.inputs, labels: held.targets, chunk: 256)
            plot.accuracies.append((trainer.step, accuracy))
            progress.clear()
            report("step \(trainer.step): train loss \(nats(lossSum / Double(lossCount))), validation loss \(nats(validationLoss)), validation accuracy \(decimal(accuracy * 100, places: 1))%, step \(milliseconds(timer.secondsPerStep)) ms")
            (lossSum, lossCount) = (0, 0)
            if endOfEpoch { try trainer.checkpoint.save(to: checkpoint) }
        }
        try writeFile(curve, plot.svg)
        print("checkpoint: \(checkpoint), curve: \(curve)")
        try printSample(trainer: trainer, vocabulary: text.vocabulary, validation: validation)
    }

    /// Prints `--sample` characters continuing the validation part's first window.
    private func printSample(trainer: ClassifierTrainer, vocabulary: CharacterVocabulary, validation: TextWindows) throws {
        guard sampleCount > 0 else { return }
        let prompt = Array(validation.characters.prefix(windowLength))
        let sampler = try CharacterSampler(trainer: trainer, window: windowLength, temperature: samplingTemperature)
        let continuation = try sampler.continuation(of: prompt, count: sampleCount, seed: UInt64(seed))
        let how = samplingTemperature == 0 ? "greedy" : "temperature \(decimal(samplingTemperature, places: 2)), seed \(seed)"
        print("sample (\(how)), continuing the validation text's first \(windowLength) characters [in brackets]:")
        print("[\(try vocabulary.decode(prompt))]\(try vocabulary.decode(continuation))")
    }
}

/// `1.234 (1.78 bits/char)`: a cross-entropy in nats and in bits per character.
private func nats(_ value: Double) -> String {
    "\(decimal(value, places: 3)) (\(decimal(value / log(2), places: 2)) bits/char)"
}

import ArgumentParser
import Checkpoints
import Datasets
import Glibc
import Training

/// `hkc train fashion-mnist --model resnet18`: ResNet18 with the CIFAR stem
/// (``SmallImageResNet``) on the 28x28 images, batch norm in training mode
/// for the steps and with its moving averages for the test accuracy.
extension TrainCommand {
    /// Trains, reporting the test accuracy after each epoch and saving the
    /// checkpoint (parameters, batch norm's state, Adam's state) then; at
    /// the end writes the curve of the training loss and the test accuracy.
    /// With `--resume`, continues the run that wrote the checkpoint from
    /// its step, with the same batches and learning rates as one that had
    /// not stopped.
    func trainResNet() throws {
        let train = try trainingImages()
        let test = try dataset.load(.test, layout: .nhwc).tensors()
        let perEpoch = train.count / batchSize
        let trainer = try StatefulClassifierTrainer(exampleShape: train.exampleShape, classCount: 10,
                                                    learningRate: initialLearningRate,
                                                    decaySteps: epochCount * perEpoch, seed: seed, devices: devices)
        if resume { try trainer.resume(from: Checkpoint.load(from: checkpoint)) }
        let batches = try Batches(train, batchSize: batchSize, seed: UInt64(seed), dropLast: true, epochs: epochCount,
                                  startingAt: trainer.step)
        print("\(dataset.rawValue), \(trainer.model): \(train.count) training examples, \(perEpoch) steps per epoch, "
            + "from step \(trainer.step)" + (devices > 1 ? ", data-parallel over \(devices) CPU devices" : ""))
        var plot = CurvePlot()
        var progress = Progress(total: perEpoch * epochCount, enabled: isatty(STDOUT_FILENO) != 0)
        var timer = StepTimer(firstStep: trainer.step + 1)
        for (images, labels) in batches {
            let loss = try timer.time(step: trainer.step + 1) { try trainer.train(images: images, labels: labels) }
            if trainer.step % 50 == 0 || trainer.step == 1 { plot.losses.append((trainer.step, Double(loss))) }
            progress.update(trainer.step, loss: loss)
            if trainer.step % perEpoch == 0 {
                let accuracy = try trainer.accuracy(images: test.images, labels: test.labels)
                plot.accuracies.append((trainer.step, accuracy))
                progress.clear()
                report("epoch \(trainer.step / perEpoch): test accuracy \(decimal(accuracy * 100, places: 2))%, loss \(loss), "
                    + "step \(milliseconds(timer.secondsPerStep)) ms")
                try trainer.checkpoint.save(to: checkpoint)
            }
        }
        try writeFile(curve, plot.svg)
        print("checkpoint: \(checkpoint), curve: \(curve)")
    }

    /// The NHWC training images, the first `--limit` when given.
    ///
    /// - Throws: `ValidationError` when `--batch` is larger than they are.
    func trainingImages() throws -> LabeledImages {
        var train = try dataset.load(.train, layout: .nhwc)
        if let limit { train = train.prefix(limit) }
        guard batchSize <= train.count else {
            throw ValidationError("--batch \(batchSize) is larger than the \(train.count) training examples")
        }
        return train
    }
}

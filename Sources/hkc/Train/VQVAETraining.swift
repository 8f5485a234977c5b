import ArgumentParser
import Datasets
import Glibc
import Haiku
import Training
import XLARuntime

/// `hkc train mnist --model vqvae`: the VQ-VAE of ``VQVAEModel`` learning
/// to reconstruct the images through its codebook.
extension TrainCommand {
    /// Test images drawn over their reconstructions in the grid.
    static let gridImages = 16

    /// Where the grid of inputs and reconstructions goes.
    var gridPath: String { grid ?? "hkc-vqvae.png" }

    /// Trains, reporting the test reconstruction error after each epoch and
    /// saving the checkpoint then; at the end writes the curve of the
    /// training reconstruction error and a PNG of the first test images
    /// over their reconstructions.
    func trainVQVAE() throws {
        let train = try trainingImages()
        let test = try dataset.load(.test, layout: .nhwc).tensors().images
        let batches = try Batches(train, batchSize: batchSize, seed: UInt64(seed), dropLast: true, epochs: epochCount)
        let perEpoch = batches.batchesPerEpoch
        let trainer = try VQVAETrainer(exampleShape: train.exampleShape, learningRate: initialLearningRate,
                                       decaySteps: epochCount * perEpoch, seed: seed, devices: devices)
        print("\(dataset.rawValue), vqvae (\(trainer.model)): \(train.count) training examples, \(perEpoch) steps per epoch"
            + (devices > 1 ? ", data-parallel over \(devices) CPU devices" : ""))
        var plot = CurvePlot()
        plot.lossLabel = "training reconstruction error"
        var progress = Progress(total: perEpoch * epochCount, enabled: isatty(STDOUT_FILENO) != 0)
        var timer = StepTimer(firstStep: 1)
        for (images, _) in batches {
            let losses = try timer.time(step: trainer.step + 1) { try trainer.train(images: images) }
            if trainer.step % 50 == 0 || trainer.step == 1 { plot.losses.append((trainer.step, Double(losses.reconstruction))) }
            progress.update(trainer.step, loss: losses.reconstruction)
            if trainer.step % perEpoch == 0 {
                let error = try trainer.reconstructionLoss(images: test)
                progress.clear()
                report("epoch \(trainer.step / perEpoch): test reconstruction error \(decimal(error, places: 5)), "
                    + "training \(losses.reconstruction), quantizer loss \(losses.quantizer), "
                    + "perplexity \(decimal(Double(losses.perplexity), places: 1)), step \(milliseconds(timer.secondsPerStep)) ms")
                try trainer.checkpoint.save(to: checkpoint)
            }
        }
        let shown = test[0 ..< min(Self.gridImages, test.shape[0])]
        let grid = try ImageGrid(inputs: shown, reconstructions: try trainer.reconstruct(shown), columns: 8)
        let png = try grid.png()
        try writeFile(gridPath, png)
        try writeFile(curve, plot.svg)
        print("checkpoint: \(checkpoint), curve: \(curve), reconstructions: \(gridPath)")
    }
}

extension TrainCommand {
    /// Checks the VQ-VAE's options: `--grid` only with it, writable; no
    /// `--resume` for it.
    func validateVQVAE() throws {
        if model == .vqvae, resume {
            throw ValidationError("--resume is not supported for --model vqvae: its runs start afresh")
        }
        guard model == .vqvae else {
            if grid != nil { throw ValidationError("--grid is for --model vqvae") }
            return
        }
        try requireWritable(gridPath, "grid")
    }
}

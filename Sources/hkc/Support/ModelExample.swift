import ArgumentParser

/// The built-in model and example batch size that `hkc summary` and
/// `hkc dot` take.
struct ModelExample: ParsableArguments {
    /// Which model.
    @Argument(help: "The model: mlp (784-300-100-10), cnn (on [B, 28, 28, 1]), lstm (LSTM(256) and Linear(64) on [64, B, 64]), transformer (4 blocks, d_model 256, 4 heads on [B, 128] character ids), mobilenet (MobileNetV1, 10 classes, on [B, 32, 32, 3]), resnet18 (ResNet18, 10 classes, on [B, 32, 32, 3]), resnet50 (ResNet50, 10 classes, on [B, 64, 64, 3]) or vqvae (the VQ-VAE on [B, 28, 28, 1]).")
    var model: BenchmarkModel = .mlp

    /// How many examples the input batch has.
    @Option(help: "The batch size of the example input.")
    var batch = 8

    func validate() throws {
        try requireRange(batch, 1...65_536, "batch")
    }
}

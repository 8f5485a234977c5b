/// `hkc bench`'s training step of each model.
extension BenchmarkModel {
    /// The step `hkc bench MODEL` times, on `batch` random examples;
    /// `length` (lstm, transformer) is the steps of each sequence, the
    /// model's default when nil.
    func trainingStep(batch: Int, length: Int? = nil) throws -> any BenchmarkedTrainingStep {
        switch self {
        case .mlp: try ClassifierTrainingStep(.mlp, batch: batch)
        case .cnn: try ClassifierTrainingStep(.cnn, batch: batch)
        case .lstm: try SequenceTrainingStep.lstm(batch: batch, length: length ?? LSTMSequenceModel.defaultLength)
        case .transformer:
            try SequenceTrainingStep.transformer(batch: batch, length: length ?? TransformerSequenceModel.defaultLength)
        case .mobilenet: try StatefulClassifierTrainingStep(.mobilenet, batch: batch)
        case .resnet18: try StatefulClassifierTrainingStep(.resnet18, batch: batch)
        case .resnet50: try StatefulClassifierTrainingStep(.resnet50, batch: batch)
        case .vqvae: try VQVAETrainingStep(batch: batch)
        }
    }
}

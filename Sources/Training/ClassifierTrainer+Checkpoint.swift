import Checkpoints

extension ClassifierTrainer {
    /// A trainer holding `checkpoint`'s network, parameters and step, for
    /// evaluation and sampling (``loadParameters(from:)``): the network and
    /// the example shape come from the checkpoint's `model` and `example
    /// shape` metadata (``checkpoint``); the rest of the configuration is
    /// the default, Adam's state a fresh one. A
    /// character LSTM's checkpoint written before the example shape was
    /// recorded reads windows of 64 characters (its parameters do not
    /// depend on the length).
    ///
    /// - Throws: ``TrainingError/mismatchedCheckpoint(_:)`` when the
    ///   metadata names no model this library knows, or the parameters are
    ///   not that model's for `classCount` classes;
    ///   ``TrainingError/nonFiniteCheckpoint(_:)`` for a NaN or infinity.
    public convenience init(checkpoint: Checkpoint, classCount: Int) throws {
        guard let recorded = checkpoint.metadata["model"] else {
            throw TrainingError.mismatchedCheckpoint("it does not record its model (no \"model\" metadata)")
        }
        guard let model = ClassifierModel(recorded: recorded) else {
            throw TrainingError.mismatchedCheckpoint("it records an unknown model, \"\(recorded)\"")
        }
        let exampleShape: [Int]
        if let shape = checkpoint.metadata["example shape"] {
            let dimensions = shape.split(separator: " ").map { Int($0) }
            // A bound on each size keeps a damaged entry from asking for a huge example.
            guard !dimensions.isEmpty, dimensions.count <= 4, dimensions.allSatisfy({ (1...4096).contains($0 ?? 0) }) else {
                throw TrainingError.mismatchedCheckpoint("its example shape \"\(shape)\" is not 1 to 4 sizes of 1 to 4096")
            }
            exampleShape = dimensions.compactMap { $0 }
        } else if case .characterLSTM = model {
            exampleShape = [64]
        } else {
            throw TrainingError.mismatchedCheckpoint("it does not record its example shape (no \"example shape\" metadata)")
        }
        var configuration = TrainingConfiguration()
        configuration.model = model
        try self.init(configuration: configuration, exampleShape: exampleShape, classCount: classCount)
        try loadParameters(from: checkpoint)
    }
}

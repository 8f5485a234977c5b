import Datasets
import Distributed
import Haiku
import Testing
import Training

/// `ClassifierTrainer(processGroup:)` in this process alone (a group of
/// one: its all-reduce returns its values). The step then runs as two
/// programs, the loss and gradient, then the update, with the gradient
/// passing through the host between them, as over several processes
/// (`HKCTrainProcessesTests` runs two).
@Suite struct CrossProcessTrainerTests {
    /// Six Adam steps of the MLP and the CNN split at the gradient follow
    /// the one-program step: the same operations, but XLA fuses the two
    /// programs separately, which may round a few ulp differently; Adam
    /// keeps such relative differences (see `DataParallelTrainerTests`),
    /// so rtol 1e-5 on losses and parameters.
    @Test(arguments: [ClassifierModel.mlp(hiddenSizes: [32]), .cnn])
    func theSplitStepFollowsTheWholeStep(model: ClassifierModel) throws {
        let group = try ProcessGroup(rank: 0, size: 1, coordinator: Address(host: "127.0.0.1", port: 29500))
        try DataParallelTrainerTests.expectSameTraining(
            try DataParallelTrainerTests.trainer(model, devices: 1), try Self.trainer(model, group: group),
            on: DataParallelTrainerTests.images(for: model), relative: 1e-5, "in one program", "split")
    }

    /// Several processes and several devices at once are refused.
    @Test func processesAndDevicesTogetherAreATypedError() throws {
        let group = try ProcessGroup(rank: 0, size: 1, coordinator: Address(host: "127.0.0.1", port: 29500))
        var setup = TrainingConfiguration()
        setup.model = .mlp(hiddenSizes: [8])
        setup.batchSize = 48
        setup.devices = 2
        #expect(throws: TrainingError.invalidConfiguration("a trainer runs over several processes or several devices, not both")) {
            try ClassifierTrainer(configuration: setup, exampleShape: [784], classCount: 10, processGroup: group)
        }
    }

    /// A trainer of `model` on batches of 48 over `group`'s processes.
    static func trainer(_ model: ClassifierModel, group: ProcessGroup) throws -> ClassifierTrainer {
        var setup = TrainingConfiguration()
        setup.model = model
        setup.batchSize = 48
        return try ClassifierTrainer(configuration: setup, exampleShape: model.layout == .flat ? [784] : [28, 28, 1],
                                     classCount: 10, processGroup: group)
    }
}

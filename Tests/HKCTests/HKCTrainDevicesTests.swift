import Testing

/// `hkc train --devices N`: the values and models it does not take are
/// usage errors naming the option (the training itself is tested in
/// `Tests/TrainingTests/DataParallelTrainerTests.swift`).
@Suite struct HKCTrainDevicesTests {
    @Test(arguments: [
        (["train", "mnist", "--devices", "0"], "--devices must be between 1 and 64"),
        (["train", "mnist", "--devices", "65"], "--devices must be between 1 and 64"),
        (["train", "mnist", "--devices", "3"], "--batch 100 does not split evenly over --devices 3"),
        (["train", "mnist", "--model", "cnn", "--batch", "30", "--devices", "4"], "--batch 30 does not split evenly over --devices 4"),
        (["train", "fashion-mnist", "--model", "resnet18", "--devices", "4"], "--devices is for mnist and fashion-mnist with --model mlp or cnn"),
        (["train", "shakespeare", "--devices", "2"], "--devices is for mnist and fashion-mnist with --model mlp or cnn"),
    ])
    func badDevicesAreAUsageError(arguments: [String], message: String) throws {
        let result = try HKCProcess.run(arguments)
        #expect(!result.crashed, "\(result.output)")
        #expect(result.status == 64, "\(result.output)")
        #expect(result.output.contains("Error:") && result.output.contains(message), "\(result.output)")
    }
}

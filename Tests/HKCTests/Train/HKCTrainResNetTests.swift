import Testing

/// `hkc train fashion-mnist --model resnet18`'s options: the ones it does
/// not take are usage errors naming the option.
@Suite struct HKCTrainResNetTests {
    @Test(arguments: [
        (["train", "fashion-mnist", "--model", "resnet18", "--resume", "--checkpoint", "/tmp/hk-no-such-checkpoint.safetensors"],
         "--resume: no checkpoint"),
        (["train", "fashion-mnist", "--model", "resnet18", "--grid", "/tmp/x.png"], "--grid is for --model vqvae"),
        (["train", "shakespeare", "--model", "resnet18"], "resnet18"),
        (["train", "fashion-mnist", "--model", "resnet18", "--epochs", "0"], "--epochs"),
        (["train", "fashion-mnist", "--model", "resnet19"], "resnet19"),
    ])
    func badResNetOptionIsAUsageError(arguments: [String], message: String) throws {
        let result = try HKCProcess.run(arguments)
        #expect(!result.crashed, "\(result.output)")
        #expect(result.status == 64, "\(result.output)")
        #expect(result.output.contains("Error:") && result.output.contains(message), "\(result.output)")
    }
}

import Testing

/// Every numeric and file option of every `hkc` command is checked before
/// any work starts: a bad value is a usage error (exit 64) naming the
/// option, never a crash or an empty run; so is an unknown command, choice
/// or option.
@Suite struct HKCValidationTests {
    @Test(arguments: [
        (["train", "--batch", "0"], "--batch"),
        (["train", "--epochs", "0"], "--epochs"),
        (["train", "--batch", "100000"], "--batch"),
        (["train", "--epochs", "1000000000"], "--epochs"),
        (["train", "--seed=-1"], "--seed"),
        (["train", "--limit", "50", "--batch", "100"], "--limit"),
        (["train", "--curve", "/nonexistent-hk/curve.svg"], "--curve"),
        (["train", "--checkpoint", "/tmp"], "--checkpoint"),
        (["train", "--resume", "--checkpoint", "/tmp/hk-no-such-checkpoint.safetensors"], "--resume"),
        (["train", "mnist", "--devices", "0"], "--devices must be between 1 and 64"),
        (["train", "mnist", "--devices", "65"], "--devices must be between 1 and 64"),
        (["train", "mnist", "--devices", "3"], "--batch 100 does not split evenly over --devices 3"),
        (["train", "mnist", "--model", "cnn", "--batch", "30", "--devices", "4"], "--batch 30 does not split evenly over --devices 4"),
        (["train", "fashion-mnist", "--model", "vqvae", "--batch", "30", "--devices", "4"], "--batch 30 does not split evenly over --devices 4"),
        (["train", "shakespeare", "--devices", "3"], "--batch 8 does not split evenly over --devices 3"),
        (["train", "fashion-mnist", "--model", "resnet18", "--batch", "30", "--devices", "4"], "--batch 30 does not split evenly over --devices 4"),
        (["summary", "--batch", "0"], "--batch"),
        (["summary", "--batch", "100000000"], "--batch"),
        (["bench", "mlp", "--batch", "0"], "--batch"),
        (["bench", "cnn", "--steps", "0"], "--steps"),
        (["bench", "lstm", "--batch", "0"], "--batch"),
        (["bench", "lstm", "--length", "0"], "--length"),
        (["bench", "lstm", "--length", "100001"], "--length"),
        (["bench", "transformer", "--length", "0"], "--length"),
        (["bench", "transformer", "--batch", "0"], "--batch"),
        (["sample", "shakespeare", "--checkpoint", "/nonexistent-hk/c.safetensors"], "--checkpoint: no checkpoint at"),
        (["sample", "shakespeare", "--temperature=-1"], "--temperature must be between 0 and 100"),
        (["sample", "shakespeare", "--temperature", "inf"], "--temperature must be between 0 and 100"),
        (["sample", "shakespeare", "--length=-5"], "--length must be between 0 and 100000"),
        (["sample", "shakespeare", "--seed=-1"], "--seed"),
        (["sample", "shakespeare", "--prompt", ""], "--prompt must hold at least one character"),
        (["sample", "mnist"], "The value 'mnist' is invalid for '<dataset>'"),
        (["bench", "ops", "--steps", "0"], "--steps"),
        (["bench", "dispatch", "--iterations", "0"], "--iterations"),
        (["bench", "jit", "--iterations=-5"], "--iterations"),
        (["bench", "eager", "--operations", "0"], "--operations"),
        (["bench", "trace", "--steps", "0"], "--steps"),
        (["bench", "trace", "--repetitions", "0"], "--repetitions"),
        // Unknown commands, choices and options, and a missing value.
        (["frobnicate"], "Unexpected argument 'frobnicate'"),
        (["bench", "frobnicate"], "Unexpected argument 'frobnicate'"),
        (["compile", "frobnicate"], "The value 'frobnicate' is invalid for '<example>'"),
        (["compile", "--emit", "llvm"], "The value 'llvm' is invalid for '--emit <emit>'"),
        (["summary", "frobnicate"], "The value 'frobnicate' is invalid for '<model>'"),
        (["train", "cifar"], "The value 'cifar' is invalid for '<dataset>'"),
        (["doctor", "--frobnicate"], "Unknown option '--frobnicate'"),
        (["summary", "--plugin"], "Missing value for '--plugin <plugin>'"),
    ])
    func badOptionIsAUsageError(arguments: [String], option: String) throws {
        let result = try HKCProcess.run(arguments)
        #expect(!result.crashed, "\(result.output)")
        #expect(result.status == 64, "\(result.output)")
        #expect(result.output.contains("Error: \(option)"), "\(result.output)")
    }
}

import Foundation
@testable import Checkpoints
import Haiku
import Testing

/// `Checkpoint`: the key layout, resuming (step, key, optimizer leaves),
/// atomic saves, and loading against a template.
@Suite struct CheckpointTests {
    static func sample(step: Int = 1234) -> Checkpoint {
        Checkpoint(
            params: [
                "mlp/~/linear_0": ["w": Tensor([Float(1), 2, 3, 4, 5, 6], shape: [2, 3]), "b": Tensor([Float(0.5), -0.5, 0], shape: [3])],
                "mlp/~/linear_1": ["w": Tensor([Float(-1), 1, 2], shape: [3, 1]), "b": Tensor([Float(7)], shape: [1])],
            ],
            state: ["batch_norm/~/mean_ema": ["average": Tensor([Float(0.25)], shape: [1]), "counter": Tensor(Int32(9))]],
            optimizerState: [Tensor(Int32(7)), Tensor([Float(0.1), 0.2, 0.3], shape: [3]), Tensor.zeros([2, 3])],
            step: step, rng: PRNGKey(42), metadata: ["model": "mlp"])
    }

    @Test func roundTripRestoresEverything() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("ckpt.safetensors")
        let original = Self.sample()
        try original.save(to: path)
        let loaded = try Checkpoint.load(from: path)
        #expect(bitEqual(loaded.params, original.params))
        #expect(bitEqual(loaded.state, original.state))
        #expect(loaded.optimizerState.count == 3)
        for (a, b) in zip(loaded.optimizerState, original.optimizerState) { #expect(bitEqual(a, b)) }
        #expect(loaded.step == 1234)
        #expect(loaded.metadata == ["model": "mlp"])
        let key = try #require(loaded.rng)
        #expect(bitEqual(key.data, PRNGKey(42).data))
        // The restored key draws the same numbers.
        #expect(try uniform(key, [4]).scalars(as: Float.self) == uniform(PRNGKey(42), [4]).scalars(as: Float.self))
        #expect(directory.contents == ["ckpt.safetensors"])
    }

    @Test func fileLayout() throws {
        let (tensors, metadata) = try Self.sample().flattened()
        #expect(tensors.keys.sorted() == [
            "opt/0000", "opt/0001", "opt/0002",
            "params/mlp/~/linear_0/b", "params/mlp/~/linear_0/w", "params/mlp/~/linear_1/b", "params/mlp/~/linear_1/w",
            "rng", "state/batch_norm/~/mean_ema/average", "state/batch_norm/~/mean_ema/counter",
        ])
        #expect(tensors["rng"]?.dtype == .uint32)
        #expect(metadata == ["format": "haiku-swift.checkpoint", "format_version": "1",
                             "library_version": Checkpoint.libraryVersion, "step": "1234", "model": "mlp"])
        #expect(Checkpoint.optimizerKey(12345) == "opt/12345")
    }

    @Test func withoutRNGOrState() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let checkpoint = Checkpoint(params: ["linear": ["w": Tensor([Float(1)], shape: [1, 1])]])
        try checkpoint.save(to: directory.file("a.safetensors"))
        let loaded = try Checkpoint.load(from: directory.file("a.safetensors"))
        #expect(loaded.rng == nil)
        #expect(loaded.state.isEmpty && loaded.optimizerState.isEmpty && loaded.step == 0)
    }

    /// A file Python wrote with the checkpoint layout (Haiku's MLP([3, 2])
    /// parameters, two optimizer leaves, PRNGKey(42), step 7).
    @Test func loadsPythonCheckpoint() throws {
        let fixture = try MLPFixture.load()
        let checkpoint = try Checkpoint.load(from: fixturePath("haiku_mlp.safetensors"))
        #expect(checkpoint.step == fixture.step)
        for (key, array) in fixture.params {
            let (module, name) = (String(key[..<key.lastIndex(of: "/")!]), String(key[key.index(after: key.lastIndex(of: "/")!)...]))
            array.expectEqual(checkpoint.params[module]?[name], key)
        }
        fixture.rng.expectEqual(checkpoint.rng?.data, "rng")
        #expect(checkpoint.optimizerState.count == 2)
        #expect(try checkpoint.optimizerState[0].item(as: Int32.self) == 7)
        #expect(try checkpoint.optimizerState[1].scalars(as: Float.self) == [0.25, 0.25, 0.25])
    }

    // MARK: Atomicity

    @Test func failedSaveKeepsTheOldFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("ckpt.safetensors")
        try Self.sample(step: 1).save(to: path)
        let good = try Data(contentsOf: URL(fileURLWithPath: path))

        // A poisoned tensor sorted after others: the save fails midway, after
        // the header and some tensors are already in the temporary file.
        var bad = Self.sample(step: 2)
        let poison = TensorError.invalidTransformation(reason: "poisoned on purpose", location: nil)
        bad.params["mlp/~/linear_1"]!["b"] = Tensor(failure: poison, type: TensorType(.float32, [1]))
        let error = checkpointError { try bad.save(to: path) }
        #expect(error == .unreadableTensor(file: path, key: "params/mlp/~/linear_1/b", error: poison))
        #expect(error?.description.hasPrefix("Could not save '\(path)' because tensor 'params/mlp/~/linear_1/b' cannot be read") == true)

        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == good)
        #expect(try Checkpoint.load(from: path).step == 1)
        #expect(directory.contents == ["ckpt.safetensors"], "no temporary file is left behind")
    }

    @Test func unwritableDirectoryFailsCleanly() throws {
        let error = checkpointError { try Self.sample().save(to: "/nonexistent-directory/ckpt.safetensors") }
        guard case .io(file: "/nonexistent-directory/ckpt.safetensors", operation: _, reason: "No such file or directory")? = error else {
            Issue.record("got \(String(describing: error))")
            return
        }
    }

    @Test func saveReplacesAnExistingCheckpoint() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("ckpt.safetensors")
        try Self.sample(step: 1).save(to: path)
        try Self.sample(step: 2).save(to: path)
        #expect(try Checkpoint.load(from: path).step == 2)
        #expect(directory.contents == ["ckpt.safetensors"])
    }

    // MARK: Keys and values

    @Test func invalidNamesAreRefusedOnSave() {
        let path = "/tmp/unused.safetensors"
        #expect(checkpointError { try Checkpoint(params: ["m": ["a/b": Tensor(Float(1))]]).save(to: path) }
            == .invalidKey(file: path, key: "params/m/a/b", reason: "module and parameter names must be non-empty and a parameter name cannot contain '/'"))
        #expect(checkpointError { try Checkpoint(params: [:], metadata: ["step": "3"]).save(to: path) }
            == .invalidKey(file: path, key: "step", reason: "this metadata key is written by the checkpoint itself"))
        // PRNGKey(data:) poisons a key made of floats, so saving it fails on reading the key.
        guard case .unreadableTensor(file: path, key: "rng", error: _)? = checkpointError({
            try Checkpoint(params: [:], rng: PRNGKey(data: Tensor([Float(1), 2], shape: [2]))).save(to: path)
        }) else {
            Issue.record("expected unreadableTensor for rng")
            return
        }
    }

    @Test func invalidFilesAreRefusedOnLoad() {
        let u32 = Tensor([UInt32(0), 42], shape: [2])
        let f = Tensor([Float(1)], shape: [1])
        #expect(checkpointError { _ = try Checkpoint(tensors: ["weights": f], metadata: [:], file: "x") }
            == .invalidKey(file: "x", key: "weights", reason: "checkpoint keys are params/<module>/<name>, state/<module>/<name>, opt/<index> or rng"))
        #expect(checkpointError { _ = try Checkpoint(tensors: ["params/w": f], metadata: [:], file: "x") } != nil)
        #expect(checkpointError { _ = try Checkpoint(tensors: ["opt/1": f], metadata: [:], file: "x") }
            == .invalidKey(file: "x", key: "opt/1", reason: "optimizer state keys are opt/ and a zero-padded index, such as opt/0007"))
        #expect(checkpointError { _ = try Checkpoint(tensors: ["opt/0001": f], metadata: [:], file: "x") }
            == .missingKey(file: "x", key: "opt/0000"))
        #expect(checkpointError { _ = try Checkpoint(tensors: ["rng": f], metadata: [:], file: "x") }
            == .invalidValue(file: "x", key: "rng", reason: "a random key must be uint32 with a last dimension of 2, not float32[1]"))
        #expect(checkpointError { _ = try Checkpoint(tensors: ["rng": u32], metadata: ["step": "ten"], file: "x") }
            == .invalidValue(file: "x", key: "step", reason: "the step metadata 'ten' is not an integer"))
    }

    // MARK: Templates

    @Test func loadMatchingTemplate() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("ckpt.safetensors")
        let sample = Self.sample()
        try sample.save(to: path)
        let loaded = try Checkpoint.load(from: path, matching: sample.params, state: sample.state, optimizerState: sample.optimizerState)
        #expect(bitEqual(loaded.params, sample.params))

        var wrongShape = sample.params
        wrongShape["mlp/~/linear_0"]!["w"] = Tensor.zeros([3, 2])
        let shapeError = checkpointError { _ = try Checkpoint.load(from: path, matching: wrongShape) }
        #expect(shapeError == .typeMismatch(file: path, key: "params/mlp/~/linear_0/w",
                                            expected: TensorType(.float32, [3, 2]), found: TensorType(.float32, [2, 3])))
        #expect(shapeError?.description == "Tensor 'params/mlp/~/linear_0/w' in '\(path)' is float32[2, 3] but float32[3, 2] was expected.")

        var wrongDType = sample.params
        wrongDType["mlp/~/linear_1"]!["b"] = Tensor.zeros([1], dtype: .bfloat16)
        #expect(checkpointError { _ = try Checkpoint.load(from: path, matching: wrongDType) }
            == .typeMismatch(file: path, key: "params/mlp/~/linear_1/b",
                             expected: TensorType(.bfloat16, [1]), found: TensorType(.float32, [1])))

        var extra = sample.params
        extra["head"] = ["w": Tensor.zeros([1])]
        #expect(checkpointError { _ = try Checkpoint.load(from: path, matching: extra) } == .missingKey(file: path, key: "params/head/w"))

        var fewer = sample.params
        fewer["mlp/~/linear_1"] = nil
        #expect(checkpointError { _ = try Checkpoint.load(from: path, matching: fewer) }
            == .unexpectedKey(file: path, key: "params/mlp/~/linear_1/b"))

        #expect(checkpointError { _ = try Checkpoint.load(from: path, matching: sample.params, optimizerState: Array(sample.optimizerState.prefix(2))) }
            == .unexpectedKey(file: path, key: "opt/0002"))
    }

    /// Resuming: train with Adam for a few steps, save
    /// params, optimizer state, step and key, load them into fresh
    /// templates and continue; the result equals training without the
    /// interruption, bit for bit.
    @Test func resumeContinuesExactly() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("c.safetensors")
        let f = transform { (x: Tensor) in MLP([3, 2])(x) }
        let optimizer = adam(learningRate: 0.01)
        let x = Tensor.ones([2, 4])
        typealias Run = (params: Params, optState: Adam.State, key: PRNGKey)
        func train(_ run: Run, steps: Int) throws -> Run {
            var run = run
            for _ in 0..<steps {
                let keys = split(run.key, 2)
                let input = x + uniform(keys[1], [2, 4])
                let gradient = grad { (p: Params) -> Tensor in
                    let y = try! f.apply(p, input)
                    return (y * y).mean()
                }(run.params)
                let (updates, next) = optimizer.update(gradient, state: run.optState, params: run.params)
                run = (applyUpdates(run.params, updates), next, keys[0])
            }
            try run.params.leaves.forEach { try $0.blockUntilReady() }
            return run
        }
        let initial = try f.initialize(rng: PRNGKey(0), x)
        let first = try train((initial, optimizer.initialize(initial), PRNGKey(1)), steps: 3)
        try Checkpoint(params: first.params, optimizerState: first.optState.leaves, step: 3, rng: first.key).save(to: path)
        let straight = try train(first, steps: 3)
        #expect(!bitEqual(first.params, initial) && !bitEqual(straight.params, first.params), "training moves the parameters")
        #expect(first.optState.leaves.count == 9, "Adam's count, and mu and nu for 4 parameters")

        let template = try f.initialize(rng: PRNGKey(5), x)
        let freshOptState = optimizer.initialize(template)
        let resumed = try Checkpoint.load(from: path, matching: template, optimizerState: freshOptState.leaves)
        #expect(resumed.step == 3)
        let restored = try (resumed.params, freshOptState.unflatten(resumed.optimizerState), #require(resumed.rng))
        let continued = try train(restored, steps: 3)
        #expect(bitEqual(continued.params, straight.params))
        #expect(zip(continued.optState.leaves, straight.optState.leaves).allSatisfy { bitEqual($0, $1) })
        #expect(bitEqual(continued.key.data, straight.key.data))
    }
}

import Haiku
import Testing

/// Random keys that cannot be used (issue 17, item 3): a missing key, a
/// poisoned key, a key of the wrong dtype or shape, a batch of keys. Each is
/// a typed ``HaikuError`` naming the problem and the user's call, as
/// dm-haiku raises `MissingRNGError` / `ValueError`; nothing traps.
@Suite struct KeyErrorTests {
    /// A model drawing a key for dropout, as `hk.dropout(hk.next_rng_key(), ...)`,
    /// and the line of its draw.
    static let drawLine = #line + 1
    let dropoutModel = transform { (x: Tensor) in dropout(nextRNGKey(), rate: 0.5, Linear(2)(x)) }
    static let x = Tensor.ones([1, 3])

    /// Key data `PRNGKey(data:)` rejects (JAX: "invalid PRNG key data"),
    /// with the words the error must contain.
    static let rejectedData: [(data: Tensor, mentions: String)] = [
        (Tensor([1.0, 2.0], dtype: .float32), "float32"),
        (Tensor([1, 2], dtype: .int32), "int32"),
        (Tensor([1, 2], dtype: .uint8), "uint8"),
        (Tensor([1, 2, 3] as [UInt32]), "[3]"),
        (Tensor(UInt32(7)), "scalar"),
    ]

    /// Keys of the right dtype that are not one key (JAX: "split accepts a
    /// single key", Haiku: "Apply must be called with an RNG").
    static let batches: [PRNGKey] = [
        PRNGKey(data: Tensor([1, 2, 3, 4] as [UInt32], shape: [2, 2])),
        split(PRNGKey(0), shape: [3]),
    ]

    @Test func applyWithoutAKeyForADropoutModelIsMissingRNGAtTheDraw() throws {
        let params = try dropoutModel.initialize(rng: PRNGKey(0), Self.x)
        let error = #expect(throws: HaikuError.self) { try dropoutModel.apply(params, rng: nil, Self.x) }
        guard case let .missingRNG(location)? = error else { Issue.record("expected missingRNG, got \(String(describing: error))"); return }
        // The draw is the user's `nextRNGKey()` in dropoutModel.
        #expect(location == "HaikuTests/KeyErrorTests.swift:\(Self.drawLine)")
    }

    @Test func initializeWithoutAKeyNamesTheInitializeCall() {
        // Linear's initializer draws the key inside Haiku: the error names the user's call.
        let linear = transform { (x: Tensor) in Linear(2)(x) }
        let error = #expect(throws: HaikuError.self) { try linear.initialize(rng: nil, Self.x) }; let line = #line
        #expect(error == .missingRNG(location: "HaikuTests/KeyErrorTests.swift:\(line)"))
        #expect(error?.description.contains("non-nil PRNGKey") == true)
    }

    @Test(arguments: 0..<5) func rejectedKeyDataIsAPoisonedKeyError(_ index: Int) throws {
        let (data, mentions) = Self.rejectedData[index]
        let key = PRNGKey(data: data); let keyLine = #line
        let params = try dropoutModel.initialize(rng: PRNGKey(0), Self.x)
        for (run, line) in [({ _ = try dropoutModel.initialize(rng: key, Self.x) }, #line),
                            ({ _ = try dropoutModel.apply(params, rng: key, Self.x) }, #line)] as [(() throws -> Void, Int)] {
            let error = #expect(throws: HaikuError.self) { try run() }
            guard case let .poisonedKey(cause, location)? = error else {
                Issue.record("expected poisonedKey, got \(String(describing: error))")
                continue
            }
            #expect(location == "HaikuTests/KeyErrorTests.swift:\(line)")
            // The cause names PRNGKey, the problem, and where the data was wrapped.
            #expect(cause.description.contains("PRNGKey"))
            #expect(cause.description.contains(mentions))
            #expect(cause.description.contains("KeyErrorTests.swift:\(keyLine)"))
        }
    }

    @Test func aKeyFromAFailedOperationIsAPoisonedKeyErrorCarryingItsCause() throws {
        let broken = Tensor([1, 2] as [UInt32]) + Tensor([1, 2, 3] as [UInt32])
        let readError = #expect(throws: TensorError.self) { _ = try broken.scalars(as: UInt32.self) }
        let error = #expect(throws: HaikuError.self) {
            _ = try dropoutModel.initialize(rng: PRNGKey(data: broken), Self.x)
        }
        guard case let .poisonedKey(cause, _)? = error else { Issue.record("expected poisonedKey, got \(String(describing: error))"); return }
        #expect(cause == readError)
    }

    @Test(arguments: 0..<2) func aBatchOfKeysIsAnInvalidKeyError(_ index: Int) throws {
        let keys = Self.batches[index]
        let params = try dropoutModel.initialize(rng: PRNGKey(0), Self.x)
        let error = #expect(throws: HaikuError.self) { try dropoutModel.apply(params, rng: keys, Self.x) }; let line = #line
        #expect(error == .invalidKey(keys.data.type, location: "HaikuTests/KeyErrorTests.swift:\(line)"))
        #expect(error?.description.contains("batch of keys") == true)
    }

    @Test func withRNGOfABadKeyNamesTheWithRNGCall() {
        for key in [PRNGKey(data: Tensor([1.0, 2.0], dtype: .float32))] + Self.batches {
            var line = 0
            let f = transform { () -> Tensor in
                line = #line; return withRNG(key) { uniform(nextRNGKey(), [2]) }
            }
            let error = #expect(throws: HaikuError.self) { try f.apply([:], rng: PRNGKey(0)) }
            switch error {
            case let .poisonedKey(_, location)?, let .invalidKey(_, location)?:
                #expect(location == "HaikuTests/KeyErrorTests.swift:\(line)")
            default:
                Issue.record("expected a key error, got \(String(describing: error))")
            }
        }
    }

    @Test func aSequenceOfABadKeyInsideATransformThrowsAtItsConstruction() {
        var line = 0
        let f = transform { () -> Tensor in
            var keys = PRNGSequence(Self.batches[1]); line = #line
            return uniform(keys.next(), [2])
        }
        let error = #expect(throws: HaikuError.self) { try f.initialize(rng: nil) }
        #expect(error == .invalidKey(TensorType(.uint32, [3, 2]), location: "HaikuTests/KeyErrorTests.swift:\(line)"))
    }

    @Test func aSequenceOfABadKeyOutsideTransformsGivesKeysThatNameIt() {
        for key in [PRNGKey(data: Tensor([1, 2], dtype: .int32))] + Self.batches {
            var sequence = PRNGSequence(key); let line = #line
            let keys = [sequence.next()] + sequence.take(2)
            #expect(keys.count == 3)
            for drawn in keys {
                let error = #expect(throws: TensorError.self) { _ = try drawn.data.scalars(as: UInt32.self) }
                #expect(error?.description.contains("KeyErrorTests.swift:\(line)") == true)
            }
        }
    }

    /// Negative counts give no keys (Haiku's `PRNGSequence.take(-1)` is
    /// empty) and, inside a transform, an error (`hk.next_rng_keys(-1)`
    /// raises); before, `take(-1)` and `nextRNGKeys(-1)` trapped on an
    /// invalid range.
    @Test func negativeKeyCountsGiveNoKeysAndNeverTrap() throws {
        var sequence = PRNGSequence(0)
        #expect(sequence.take(-1).isEmpty)
        #expect(sequence.take(0).isEmpty)
        #expect(nextRNGKeys(-2).isEmpty)
        for count in [-1, 0] {
            let f = transform { () -> Tensor in Tensor(Int32(nextRNGKeys(count).count)) }
            let error = #expect(throws: HaikuError.self) { try f.apply([:], rng: PRNGKey(0)) }
            #expect(error?.description.contains("at least 1, not \(count)") == true)
        }
    }

    @Test func mlpDropoutWithABatchOfKeysIsAnInvalidKeyError() {
        let f = transform { (x: Tensor) -> Tensor in MLP([3, 2])(x, dropoutRate: 0.5, rng: Self.batches[0]) }
        let error = #expect(throws: HaikuError.self) { try f.initialize(rng: PRNGKey(0), Self.x) }
        #expect(error == .invalidKey(TensorType(.uint32, [2, 2]), location: nil))
    }
}

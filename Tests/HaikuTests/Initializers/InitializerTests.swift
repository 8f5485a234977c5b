import Testing
@testable import Haiku

/// Initializers that need no random key, called directly, and the unit
/// counts of `VarianceScaling`, against what `hk.initializers` computes.
@Suite struct InitializerTests {
    /// Calls an initializer as a parameter declaration would, so that static
    /// shorthands (`.zeros`) resolve as in `parameter(..., init: .zeros)`.
    static func run(_ initializer: some Initializer, _ shape: [Int], _ dtype: ElementType = .float32) -> Tensor {
        initializer(shape, dtype: dtype)
    }

    @Test func constantBroadcastsAFloat() throws {
        let value = Self.run(Constant(0.5), [2, 3])
        #expect(value.shape == [2, 3] && value.dtype == .float32)
        #expect(try value.scalars(as: Float.self) == Array(repeating: 0.5, count: 6))
    }

    @Test func constantRoundsToFloat32BeforeConverting() throws {
        // Haiku: asarray(0.1) is float32, then astype(bfloat16).
        let value = Self.run(Constant(0.1), [2], .bfloat16)
        #expect(try value.scalars(as: BFloat16.self) == Array(repeating: BFloat16(Float(0.1)), count: 2))
    }

    @Test func constantConvertsAnInteger() throws {
        #expect(try Self.run(Constant(-5), [3]).scalars(as: Float.self) == [-5, -5, -5])
    }

    @Test func constantTruncatesAFloatToAnIntegerDType() throws {
        #expect(try Self.run(Constant(2.7), [2], .int32).scalars(as: Int32.self) == [2, 2])
    }

    @Test func constantBroadcastsATensor() throws {
        let value = Self.run(Constant(Tensor([1, 2, 3])), [2, 3], .float32)
        #expect(value.dtype == .float32)
        #expect(try value.scalars(as: Float.self) == [1, 2, 3, 1, 2, 3])
    }

    @Test func constantRejectsAShapeItCannotBroadcastTo() {
        #expect(throws: TensorError.self) { try Self.run(Constant(Tensor([1, 2, 3])), [2, 2]).scalars(as: Float.self) }
    }

    @Test func shorthandsAreConstants() throws {
        #expect(try Self.run(.zeros, [2]).scalars(as: Float.self) == [0, 0])
        #expect(try Self.run(.ones, [2], .int32).scalars(as: Int32.self) == [1, 1])
        #expect(try Self.run(.constant(0.25), [1]).scalars(as: Float.self) == [0.25])
        #expect(try Self.run(.constant(7), [1]).scalars(as: Float.self) == [7])
        #expect(try Self.run(.constant(Tensor([1.5, 2.5])), [2, 2]).scalars(as: Float.self) == [1.5, 2.5, 1.5, 2.5])
    }

    @Test func functionWrapsAClosure() throws {
        let initializer = InitializerFunction { shape, dtype in Tensor.full(shape, 3, dtype: dtype) }
        let value = Self.run(initializer, [2], .int32)
        #expect(value.dtype == .int32)
        #expect(try value.scalars(as: Int32.self) == [3, 3])
    }

    @Test func identityOfARectangle() throws {
        let value = Self.run(Identity(gain: 2), [3, 4])
        #expect(try value.scalars(as: Float.self) == [2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0])
    }

    @Test func identityBatches() throws {
        let value = Self.run(Identity(), [2, 2, 2], .int32)
        #expect(value.shape == [2, 2, 2])
        #expect(try value.scalars(as: Int32.self) == [1, 0, 0, 1, 1, 0, 0, 1])
    }

    @Test(arguments: [[], [3]])
    func identityRejectsRankBelowTwo(shape: [Int]) {
        let value = Self.run(Identity(), shape)
        #expect(value.shape == shape)
        #expect(throws: TensorError.self) { try value.scalars(as: Float.self) }
    }

    @Test func varianceScalingRejectsANegativeScale() {
        #expect(throws: TensorError.self) { try Self.run(VarianceScaling(scale: -1), [2, 3]).scalars(as: Float.self) }
    }

    @Test func varianceScalingRejectsAnAxisOutOfRange() {
        let initializer = VarianceScaling(fanInAxes: [3])
        #expect(throws: TensorError.self) { try Self.run(initializer, [2, 3, 4]).scalars(as: Float.self) }
    }

    @Test func varianceScalingParsesHaikuStrings() {
        #expect(VarianceScaling.Mode(rawValue: "fan_avg") == .fanAvg)
        #expect(VarianceScaling.Distribution(rawValue: "truncated_normal") == .truncatedNormal)
        #expect(VarianceScaling.Distribution(rawValue: "gaussian") == nil)
    }

    @Test func fansFollowHaikusRule() throws {
        let counts = { (shape: [Int], axes: [Int]?) in Fans(shape, fanInAxes: axes).map { [$0.fanIn, $0.fanOut] } }
        #expect(counts([], nil) == [1, 1])
        #expect(counts([6], nil) == [6, 6])
        #expect(counts([4, 5], nil) == [4, 5])
        #expect(counts([3, 3, 4, 5], nil) == [36, 45])
        #expect(counts([4, 5], [1]) == [4, 5], "fanInAxes only applies from rank 3")
        #expect(counts([8, 2, 16], [0]) == [8, 32])
        #expect(counts([8, 2, 16], [0, -2]) == [16, 16])
        #expect(counts([8, 2, 16], [3]) == nil)
        let fans = try #require(Fans([4, 6], fanInAxes: nil))
        #expect([VarianceScaling.Mode.fanIn, .fanOut, .fanAvg].map(fans.units) == [4, 6, 5])
    }
}

/// Every initializer inside `transform`, against real Haiku
/// (`Fixtures/haiku_core.json`, group "initializers", from
/// `Scripts/fixtures/haiku_core.py`): `get_parameter('w', shape, float32,
/// init=...)` initialized with `PRNGKey(42)`, every bit equal.
///
/// `initialize` compiles the whole function, as `jax.jit(f.init)` does;
/// where XLA's fusion rounds differently from Haiku's eager run (a scale
/// and shift folded into the sampler), the fixture's `value_jit`, from
/// `jax.jit(f.init)`, is the reference.
@Suite struct InitializerHaikuParityTests {
    /// One case: a single parameter's `value` (and `value_jit` where
    /// compiling changes its bits), or several `params`.
    struct Case: Decodable, Sendable {
        let shape: [Int]?
        let value: FixtureTensor?
        let valueJit: FixtureTensor?
        let params: [String: [String: FixtureTensor]]?

        enum CodingKeys: String, CodingKey { case shape, value, valueJit = "value_jit", params }
    }

    struct Fixture: Decodable, Sendable {
        let initializers: [String: Case]
    }

    static let fixture = Result { try loadFixture("haiku_core", as: Fixture.self).initializers }

    /// The Swift initializer of each fixture case, named as the script names them.
    static let initializers: [String: any Initializer & Sendable] = {
        var initializers: [String: any Initializer & Sendable] = [
            "constant": Constant(0.5),
            "random_normal": RandomNormal(stddev: 0.3, mean: 0.1),
            "random_uniform": RandomUniform(minval: -0.5, maxval: 2),
            "truncated_normal": TruncatedNormal(stddev: 0.7, mean: 0.2),
            "variance_scaling_default_rank4": VarianceScaling(),
            "variance_scaling_default_rank1": VarianceScaling(),
            "variance_scaling_default_rank0": VarianceScaling(),
            "uniform_scaling": UniformScaling(scale: 1.5),
            "identity_2d": Identity(gain: 2),
            "identity_3d": Identity(gain: 2),
        ]
        for mode in VarianceScaling.Mode.allCases {
            for distribution in VarianceScaling.Distribution.allCases {
                initializers["variance_scaling_\(mode.rawValue)_\(distribution.rawValue)"] =
                    VarianceScaling(scale: 2, mode: mode, distribution: distribution)
            }
        }
        return initializers
    }()

    @Test func everyFixtureCaseHasAnInitializer() throws {
        let singleParameterCases = try Self.fixture.get().filter { $0.value.value != nil }.keys
        #expect(Set(singleParameterCases) == Set(Self.initializers.keys))
    }

    @Test(arguments: initializers.keys.sorted())
    func matchesHaiku(_ name: String) throws {
        let fixtureCase = try #require(try Self.fixture.get()[name])
        let (shape, initializer) = (try #require(fixtureCase.shape), try #require(Self.initializers[name]))
        let expected = try #require(fixtureCase.valueJit ?? fixtureCase.value)
        let params = try transform { parameter("w", shape: shape, init: initializer) }.initialize(rng: PRNGKey(42))
        let value = try #require(params["~"]?["w"])
        #expect(value.shape == expected.shape && value.dtype == .float32)
        #expect(try value.scalars(as: Float.self).map(\.bitPattern) == expected.float32Bits)
    }

    @Test func parametersDrawKeysInCreationOrder() throws {
        let expected = try Self.fixture.get()["two_params_key_order"]?.params?["~"]
        let params = try transform { () -> [Tensor] in
            [parameter("w1", shape: [2, 2], init: TruncatedNormal()), parameter("w2", shape: [3], init: RandomNormal())]
        }.initialize(rng: PRNGKey(42))
        for name in ["w1", "w2"] {
            let value = try #require(params["~"]?[name])
            #expect(try value.scalars(as: Float.self).map(\.bitPattern) == expected?[name]?.float32Bits, "\(name)")
        }
    }
}

/// Invalid initializer arguments inside `transform`: `initialize` throws a
/// ``HaikuError`` saying what is wrong, where Haiku raises `ValueError`.
@Suite struct InitializerErrorTests {
    @Test(arguments: [
        ("Identity needs a shape of rank 2 or more, not [3]", [3], Identity() as any Initializer & Sendable),
        ("VarianceScaling needs a scale of 0 or more, not -1.0", [2, 3], VarianceScaling(scale: -1)),
    ])
    func initializeThrowsTheReason(reason: String, shape: [Int], initializer: any Initializer & Sendable) {
        #expect(throws: HaikuError.invalidArgument(reason, location: nil)) {
            try transform { parameter("w", shape: shape, init: initializer) }.initialize(rng: PRNGKey(42))
        }
    }
}

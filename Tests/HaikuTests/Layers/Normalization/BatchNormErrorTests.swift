import Haiku
import Testing

/// `BatchNorm`'s and `ExponentialMovingAverage`'s errors against what Haiku
/// 0.0.17 raises (`Fixtures/batch_norm.json`, group "errors"): Haiku's
/// message, naming the module, thrown by `initialize` (Haiku raises the
/// constructor's errors when the module is built; we report them when it
/// is called).
@Suite struct BatchNormErrorTests {
    /// The Swift counterpart of each recorded case, applied to `x` of shape [2, 3].
    static var modules: [String: (module: String, call: (Tensor) -> Tensor)] { [
        "scale_init_without_scale": ("batch_norm (BatchNorm)", {
            BatchNorm(createScale: false, createOffset: true, decayRate: 0.9, scaleInit: Constant(1))($0, isTraining: true)
        }),
        "offset_init_without_offset": ("batch_norm (BatchNorm)", {
            BatchNorm(createScale: true, createOffset: false, decayRate: 0.9, offsetInit: Constant(1))($0, isTraining: true)
        }),
        "groups_without_axis": ("batch_norm (BatchNorm)", {
            BatchNorm(createScale: true, createOffset: true, decayRate: 0.9, crossReplicaAxisIndexGroups: [[0]])(
                $0, isTraining: true)
        }),
        "scale_with_create_scale": ("batch_norm (BatchNorm)", {
            BatchNorm(createScale: true, createOffset: true, decayRate: 0.9)($0, isTraining: true, scale: Tensor.ones([3]))
        }),
        "offset_with_create_offset": ("batch_norm (BatchNorm)", {
            BatchNorm(createScale: true, createOffset: true, decayRate: 0.9)($0, isTraining: true, offset: Tensor.ones([3]))
        }),
        "bad_data_format": ("batch_norm (BatchNorm)", {
            BatchNorm(createScale: true, createOffset: true, decayRate: 0.9, dataFormat: "HWC")($0, isTraining: true)
        }),
        "ema_negative_warmup": ("exponential_moving_average (ExponentialMovingAverage)", {
            ExponentialMovingAverage(decay: 0.9, zeroDebias: false, warmupLength: -1)($0)
        }),
        "ema_warmup_with_debias": ("exponential_moving_average (ExponentialMovingAverage)", {
            ExponentialMovingAverage(decay: 0.9, warmupLength: 2)($0)
        }),
    ] }

    @Test func everyRecordedErrorHasACase() {
        #expect(BatchNormFixtures.file["errors"].keys == Self.modules.keys.sorted())
    }

    @Test(arguments: modules.keys.sorted())
    func errorsMatchHaiku(_ name: String) throws {
        let (module, call) = try #require(Self.modules[name])
        let message = BatchNormFixtures.file["errors"][name]["message"].string
        let error = try #require(throws: HaikuError.self) {
            _ = try transformWithState { (x: Tensor) in call(x) }.initialize(rng: PRNGKey(0), Tensor.zeros([2, 3]))
        }
        #expect(error.description.contains("\(module): \(message)"), "\(name): \(error)")
    }

    @Test func emaInitializeReportsTheConfigurationError() throws {
        let error = try #require(throws: HaikuError.self) {
            _ = try transformWithState { () -> Tensor in
                let ema = ExponentialMovingAverage(decay: 0.9, warmupLength: 1)
                ema.initialize(shape: [2])
                return Tensor.zeros([])
            }.initialize(rng: nil)
        }
        #expect(error.description.contains("exponential_moving_average (ExponentialMovingAverage): Zero debiasing"))
    }

    /// Haiku documents a decay in [0, 1) but does not check it; we do.
    @Test(arguments: [1.5, 1, -0.1])
    func decayOutsideZeroToOneIsAnError(_ decay: Double) throws {
        let cases: [(String, (Tensor) -> Tensor)] = [
            ("exponential_moving_average (ExponentialMovingAverage): `decay` must be in [0, 1), not \(decay)",
             { ExponentialMovingAverage(decay: decay)($0) }),
            ("batch_norm (BatchNorm): `decay_rate` must be in [0, 1), not \(decay)",
             { BatchNorm(createScale: true, createOffset: true, decayRate: decay)($0, isTraining: true) }),
        ]
        for (message, call) in cases {
            let error = try #require(throws: HaikuError.self) {
                _ = try transformWithState { (x: Tensor) in call(x) }.initialize(rng: nil, Tensor.zeros([2, 3]))
            }
            #expect(error.description.contains(message), "\(error)")
        }
    }

    @Test func invalidIgnoreRegexIsAnError() throws {
        let params: Params = ["linear": ["w": Tensor.ones([2])]]
        let error = try #require(throws: HaikuError.self) {
            _ = try transformWithState { (p: Params) in EMAParamsTree(decay: 0.5, ignoreRegex: "(")(p) }
                .initialize(rng: nil, params)
        }
        #expect(error.description.contains("ema_params_tree (EMAParamsTree): ignore_regex '(' is not a valid regular expression"))
    }

    @Test func crossReplicaAxisOutsideVMapIsAnErrorNamingTheModule() throws {
        let error = try #require(initializationError(Tensor.ones([2, 3])) { (x: Tensor) in
            BatchNorm(createScale: true, createOffset: true, decayRate: 0.9, crossReplicaAxis: "i")(x, isTraining: true)
        })
        #expect(error.description.contains(
            "batch_norm (BatchNorm): cross_replica_axis: the axis name 'i' is not bound by any enclosing vmap"), "\(error)")
    }

    @Test func indexGroupsThatDoNotSplitTheAxisAreAnErrorNamingTheModule() throws {
        let error = try #require(initializationError(Tensor.ones([4, 3])) { (xs: Tensor) in
            vmap({ (x: Tensor) in
                BatchNorm(createScale: true, createOffset: true, decayRate: 0.9, crossReplicaAxis: "i",
                          crossReplicaAxisIndexGroups: [[0, 1], [2]])(x, isTraining: true)
            }, axisName: "i", splitRNG: false)(xs)
        })
        #expect(error.description.contains("batch_norm (BatchNorm): cross_replica_axis: axis_index_groups must cover all indices"),
                "\(error)")
    }

    @Test(arguments: [[2], [0, 0], [-3]])
    func anAxisOutOfRangeOrRepeatedIsAnErrorNamingTheModule(_ axis: [Int]) throws {
        let error = try #require(initializationError(Tensor.ones([2, 3])) { (x: Tensor) in
            BatchNorm(createScale: true, createOffset: true, decayRate: 0.9, axis: axis)(x, isTraining: true)
        })
        #expect(error.description.contains("batch_norm (BatchNorm): axis \(axis) is out of range or repeated for an input of rank 2"),
                "\(error)")
    }
}

/// With index groups the statistics differ between groups, so inside one
/// `vmap` the state would vary along the mapped axis: an error naming the
/// state, as Haiku's `hk.vmap` (whose state is unmapped) reports.
@Suite struct BatchNormGroupedStateTests {
    @Test func groupedStatisticsInsideVMapCannotUpdateSharedState() {
        let f = transformWithState { (xs: Tensor) in
            vmap({ (x: Tensor) in
                BatchNorm(createScale: true, createOffset: true, decayRate: 0.9, crossReplicaAxis: "i",
                          crossReplicaAxisIndexGroups: [[0, 1], [2, 3]])(x, isTraining: true)
            }, axisName: "i", splitRNG: false)(xs)
        }
        #expect {
            _ = try f.initialize(rng: nil, Tensor.ones([4, 3]))
        } throws: { error in
            "\(error)".contains("batch_norm/~/mean_ema")
        }
    }
}

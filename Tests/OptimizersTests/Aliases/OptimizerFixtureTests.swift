import Haiku
import Testing

/// Every optimizer against optax 0.2.8 (`Fixtures/optimizers.json`): five
/// compiled steps over Haiku-style parameters, bit for bit.
@Suite struct OptimizerFixtureTests {
    /// The Swift spelling of each fixture case's optax program.
    static let optimizers: [String: any GradientTransformation] = [
        "sgd": sgd(learningRate: 0.1),
        "sgd_momentum": sgd(learningRate: 0.1, momentum: 0.9),
        "sgd_nesterov": sgd(learningRate: 0.1, momentum: 0.9, nesterov: true),
        "sgd_exponential_decay": sgd(learningRate: exponentialDecay(initValue: 0.1, transitionSteps: 2, decayRate: 0.5)),
        "adam": adam(learningRate: 0.01),
        "adam_options": adam(learningRate: 0.02, b1: 0.8, b2: 0.99, eps: 1e-6, epsRoot: 1e-8),
        "nadam": adam(learningRate: 0.01, nesterov: true),
        "adam_warmup_cosine": adam(learningRate: warmupCosineDecaySchedule(
            initValue: 0, peakValue: 0.05, warmupSteps: 2, decaySteps: 5, endValue: 0.001)),
        "adamw": adamW(learningRate: 0.01, weightDecay: 0.1),
        "adamw_mask": adamW(learningRate: 0.01, weightDecay: 0.1, mask: .parameters { _, name, _ in name == "w" }),
        "adamw_decay_schedule": adamW(learningRate: 0.01,
                                      weightDecay: linearSchedule(initValue: 0.1, endValue: 0, transitionSteps: 4)),
        "rmsprop": rmsProp(learningRate: 0.01),
        "rmsprop_options": rmsProp(learningRate: 0.01, decay: 0.8, eps: 1e-6, initialScale: 0.1, epsInSqrt: false,
                                   centered: true, momentum: 0.9, nesterov: true, biasCorrection: true),
        "rmsprop_bias_correction": rmsProp(learningRate: 0.01, momentum: 0.5, biasCorrection: true),
        "adagrad": adagrad(learningRate: 0.1),
        "adagrad_options": adagrad(learningRate: 0.1, initialAccumulatorValue: 0, eps: 1e-5),
        "clip_adam": chain(clipByGlobalNorm(1), adam(learningRate: 0.01)),
        "clip_sgd_untriggered": chain(clipByGlobalNorm(100), sgd(learningRate: 0.1)),
        "decayed_weights_mask_sgd": chain(addDecayedWeights(0.01, mask: Mask(["linear": ["b": false, "w": true]])),
                                          sgd(learningRate: 0.1, momentum: 0.9)),
        "masked_adam": chain(masked(adam(learningRate: 0.01), .leaves { $0.rank > 1 }), scale(0.5)),
        "scale_by_learning_rate": chain(scaleByAdam(), scaleByLearningRate(0.01)),
        "ascent_schedule": chain(trace(decay: 0.5),
                                 scaleByLearningRate(cosineDecaySchedule(initValue: 0.1, decaySteps: 4), flipSign: false)),
    ]

    @Test func everyFixtureCaseHasASwiftOptimizer() {
        #expect(Set(Self.optimizers.keys) == Set(OptimizersFixture.shared.optimizers.keys))
    }

    @Test(arguments: optimizers.keys.sorted())
    func matchesOptaxBitForBit(_ name: String) throws {
        let expected = try #require(OptimizersFixture.shared.optimizers[name])
        let (params, compiledCount) = try runFixtureSteps(Self.optimizers[name]!)
        for (step, (actual, reference)) in zip(params, expected.paramsAfter).enumerated() {
            #expect(try OptimizersFixture.bits(actual) == OptimizersFixture.bits(reference),
                    "\(expected.program), step \(step + 1)")
        }
        // The state keeps one structure and dtype, so the step compiles once.
        #expect(compiledCount == 1)
    }
}

import Haiku
import Testing

/// Every schedule against optax 0.2.8 (`Fixtures/optimizers.json`): values
/// at counts 0...10, each computed by a compiled function of the count.
@Suite struct ScheduleTests {
    /// The Swift spelling of each fixture case's optax program.
    static let schedules: [String: Schedule] = [
        "constant": constantSchedule(0.1),
        "linear": linearSchedule(initValue: 0.1, endValue: 0.01, transitionSteps: 5, transitionBegin: 2),
        "polynomial_int_power": polynomialSchedule(initValue: 1, endValue: 0.1, power: 2, transitionSteps: 6),
        "polynomial_odd_int_power": polynomialSchedule(initValue: 0.5, endValue: 0, power: 3, transitionSteps: 7),
        "polynomial_float_power": polynomialSchedule(initValue: 1, endValue: 0.1, power: 1.5, transitionSteps: 6,
                                                     transitionBegin: 1),
        "cosine_decay": cosineDecaySchedule(initValue: 0.1, decaySteps: 8),
        "cosine_decay_options": cosineDecaySchedule(initValue: 0.5, decaySteps: 7, alpha: 0.1, exponent: 2),
        "warmup_cosine_decay": warmupCosineDecaySchedule(initValue: 0, peakValue: 0.1, warmupSteps: 3, decaySteps: 9,
                                                         endValue: 0.01),
        "exponential_decay": exponentialDecay(initValue: 0.1, transitionSteps: 3, decayRate: 0.5),
        "exponential_decay_staircase": exponentialDecay(initValue: 0.1, transitionSteps: 3, decayRate: 0.5,
                                                        transitionBegin: 1, staircase: true, endValue: 0.02),
        "exponential_growth_capped": exponentialDecay(initValue: 0.1, transitionSteps: 2, decayRate: 1.5,
                                                      endValue: 0.3),
        "piecewise_constant": piecewiseConstantSchedule(initValue: 0.1, boundariesAndScales: [3: 0.5, 6: 0.1]),
        "join": joinSchedules([constantSchedule(0.1), linearSchedule(initValue: 0.1, endValue: 0, transitionSteps: 4),
                               constantSchedule(0.05)], boundaries: [2, 7]),
        "warmup_exponential_decay": warmupExponentialDecaySchedule(
            initValue: 0.01, peakValue: 0.1, warmupSteps: 2, transitionSteps: 3, decayRate: 0.7, endValue: 0.05),
    ]

    @Test func everyFixtureCaseHasASwiftSchedule() {
        #expect(Set(Self.schedules.keys) == Set(OptimizersFixture.shared.schedules.keys))
    }

    @Test(arguments: schedules.keys.sorted())
    func matchesOptaxBitForBit(_ name: String) throws {
        let expected = try #require(OptimizersFixture.shared.schedules[name])
        let schedule = Self.schedules[name]!
        let compiled = jit { (count: Tensor) in schedule(count) }
        for count in 0...10 {
            let value = try compiled(Tensor(Int32(count))).item(as: Float.self)
            // NaN where XLA's `pow(x, 1.5)` meets the -3e-8 that `1 - 6/6` gives
            // once XLA turns the division by a constant into a multiplication;
            // the fixture spells NaN without its bits.
            let reference = Float(expected.values[count])
            #expect(value.bitPattern == reference.bitPattern || (value.isNaN && reference.isNaN),
                    "\(expected.program) at \(count): \(value) vs \(expected.values[count])")
        }
    }

    /// Boundaries outside Int32 are never reached (above) or always passed
    /// (below) by an int32 count, as in optax; they used to trap.
    @Test func piecewiseBoundariesBeyondInt32() throws {
        let schedule = piecewiseConstantSchedule(initValue: 1, boundariesAndScales: [-5_000_000_000: 0.5, Int.max: 2, 4: 0.1])
        #expect(try schedule(Tensor(Int32(3))).item(as: Float.self) == 0.5)
        #expect(try schedule(Tensor(Int32(4))).item(as: Float.self) == Float(0.5 * 0.1))
    }
}

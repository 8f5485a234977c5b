import Haiku
import Testing

/// Loss scaling against jmp 0.0.4 (`Fixtures/loss_scale.json`): the
/// dynamic scale's growth, shrinking and counter step by step, scaling by
/// each kind with JAX's dtype promotion, the all-finite check, and a
/// float16-compute training step that skips steps with non-finite
/// gradients, exactly (but a loss scale divided by a factor that is not a
/// power of two, within one ulp).
@Suite struct LossScaleTests {
    static let fixture = LossScaleFixture.shared

    @Test func dynamicScaleAdjustsAsJmp() throws {
        #expect(Self.fixture.dynamic.count == 4)
        let adjust = jit { (scale: DynamicLossScale, finite: Tensor) in scale.adjust(finite) }
        for run in Self.fixture.dynamic {
            var scale = DynamicLossScale(Tensor(Float(run.lossScale)), period: run.period, factor: run.factor,
                                         minLossScale: Float(run.minLossScale))
            for (step, finite) in run.finite.enumerated() {
                scale = try adjust(scale, Tensor(finite))
                let label = "run from \(run.lossScale), step \(step)"
                // A factor other than a power of two divides inexactly: XLA may
                // multiply by its reciprocal inside a jitted program (JAX's
                // jitted adjust gives 33.333336 for 100 / 3, eager 33.333332),
                // one ulp; powers of two are exact.
                let expected = Float(run.lossScales[step])
                let got = try scale.lossScale.item(as: Float.self)
                #expect(Swift.abs(got - expected) <= (run.factor.nonzeroBitCount == 1 ? 0 : expected.ulp), "\(label): \(got)")
                #expect(try scale.counter.item(as: Int32.self) == Int32(run.counters[step]), "\(label)")
                #expect(scale.lossScale.dtype == .float32 && scale.counter.dtype == .int32, "\(label)")
            }
        }
    }

    @Test func scalesWithJaxPromotion() throws {
        #expect(Self.fixture.scaling.count == 6)
        for c in Self.fixture.scaling {
            let x = Self.tensor(c.x)
            let (scaled, unscaled): (Tensor, Tensor)
            switch c.kind {
            case "noop": (scaled, unscaled) = (NoOpLossScale().scale(x), NoOpLossScale().unscale(x))
            case "static":
                let scale = StaticLossScale(Tensor(Float(1024)))
                (scaled, unscaled) = (scale.scale(x), scale.unscale(x))
            default:
                let scale = DynamicLossScale(Tensor(Float(32768)))
                (scaled, unscaled) = (scale.scale(x), scale.unscale(x))
            }
            let label = "\(c.kind) of \(c.x.dtype)"
            #expect(scaled.dtype.name == c.scaled.dtype && unscaled.dtype.name == c.unscaled.dtype, "\(label)")
            #expect(try Self.floats(scaled) == c.scaled.values.values.map(Float.init), "\(label) scaled")
            #expect(try Self.floats(unscaled) == c.unscaled.values.values.map(Float.init), "\(label) unscaled")
        }
    }

    @Test func allFiniteAsJmp() throws {
        #expect(Self.fixture.allFinite.count == 5)
        for c in Self.fixture.allFinite {
            let tree = zip(c.tree, c.dtypes).map { Self.tensor($0, dtype: $1) }
            let finite = allFinite(tree)
            #expect(finite.dtype == .bool && finite.rank == 0)
            #expect(try finite.item(as: Bool.self) == c.finite, "\(c.dtypes)")
        }
    }

    /// Parameters in float32, compute in float16: the gradient overflows
    /// float16 while the scale is too large, and those steps keep the
    /// parameters and halve the scale; the others take an SGD step.
    @Test func trainingSkipsNonFiniteSteps() throws {
        let run = Self.fixture.training
        let x = Self.tensor(run.x)
        let learningRate = Float(run.learningRate)
        let step = jit { (params: Tensor, scale: DynamicLossScale) in
            let grads = scale.unscale(grad { (p: Tensor) in scale.scale((p.converted(to: .float16) * x).sum()) }(params))
            let finite = allFinite(grads)
            let updated = selectTree(finite, params - Tensor(learningRate) * grads, params)
            return TupleTree(updated, scale.adjust(finite), finite)
        }
        var params = Self.tensor(run.params)
        var scale = DynamicLossScale(Tensor(Float(run.lossScale)), period: run.period)
        #expect(run.steps.map(\.finite).contains(true) && run.steps.map(\.finite).contains(false))
        for (index, expected) in run.steps.enumerated() {
            let result = try step(params, scale)
            (params, scale) = (result.elements.0, result.elements.1)
            #expect(try result.elements.2.item(as: Bool.self) == expected.finite, "step \(index)")
            #expect(try Self.floats(params) == expected.params.values.values.map(Float.init), "step \(index)")
            #expect(try scale.lossScale.item(as: Float.self) == Float(expected.lossScale), "step \(index)")
            #expect(try scale.counter.item(as: Int32.self) == Int32(expected.counter), "step \(index)")
        }
    }

    /// jmp asserts; here a condition that is not a boolean scalar, or trees
    /// of two structures, poison the result with an error naming the problem.
    @Test func badConditionsArePoisoned() throws {
        let a = [Tensor([1, 2] as [Float])], b = [Tensor([3, 4] as [Float])]
        #expect(throws: TensorError.self) { try selectTree(Tensor([true, false]), a, b)[0].scalars(as: Float.self) }
        #expect(throws: TensorError.self) { try selectTree(Tensor(true), a, a + b)[0].scalars(as: Float.self) }
        #expect(try selectTree(Tensor(false), a, b)[0].scalars(as: Float.self) == [3, 4])
        let scale = DynamicLossScale(Tensor(Float(8)))
        #expect(throws: TensorError.self) { try scale.adjust(Tensor(Float(1))).lossScale.item(as: Float.self) }
    }

    /// The fixture tensor as a tensor of its dtype (or `dtype`).
    static func tensor(_ value: LossScaleFixture.TensorValue, dtype: String? = nil) -> Tensor {
        let type = ElementType.allCases.first { $0.name == (dtype ?? value.dtype) } ?? .float32
        return Tensor(value.values.values.map(Float.init), shape: value.shape).converted(to: type)
    }

    /// The values of `tensor` as float32.
    static func floats(_ tensor: Tensor) throws -> [Float] {
        try tensor.converted(to: .float32).scalars(as: Float.self)
    }
}

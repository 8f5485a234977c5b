import Haiku
import Testing

/// Masks, chains, optional steps, states and the errors a misused
/// optimizer gives.
@Suite struct TransformationTests {
    let params: Params = ["linear": ["b": Tensor([1.0, 2]), "w": Tensor([[1.0, -1], [2, 0]])]]
    let grads: Params = ["linear": ["b": Tensor([0.5, 0.5]), "w": Tensor([[1.0, 1], [1, 1]])]]

    private func decayed(_ mask: Mask) throws -> [Float] {
        let optimizer = addDecayedWeights(0.5, mask: mask)
        let (updates, _) = optimizer.update(grads, state: optimizer.initialize(params), params: params)
        return try updates.leaves.flatMap { try $0.scalars(as: Float.self) }
    }

    /// Every way of writing "decay the weights, not the biases" selects the
    /// same leaves.
    @Test func everyMaskFormSelectsTheSameLeaves() throws {
        let expected: [Float] = [0.5, 0.5, 1.5, 0.5, 2, 1]
        #expect(try decayed(.parameters { _, name, _ in name == "w" }) == expected)
        #expect(try decayed(.leaves { $0.rank == 2 }) == expected)
        #expect(try decayed(Mask(["linear": ["b": false, "w": true]])) == expected)
        #expect(try decayed(Mask { (params: Params) in params.mapValues { $0.mapValues { $0.rank == 2 } } }) == expected)
        #expect(try decayed(Mask([false, true])) == expected)
    }

    /// A mask for another parameter type or leaf count poisons the updates
    /// with an error saying so; `jit` throws it.
    @Test func mismatchedMasksPoisonTheUpdates() throws {
        let step = jit { (params: Params, grads: Params) in
            let optimizer = adamW(learningRate: 0.1, mask: Mask([true, false, true]))
            return optimizer.update(grads, state: optimizer.initialize(params), params: params).updates
        }
        #expect(throws: TensorError.self) { try step(params, grads) }
        do { _ = try step(params, grads) } catch {
            #expect("\(error)".contains("the mask has 3 flags, but the tree has 2 leaves"))
        }
        let typed = addDecayedWeights(0.1, mask: Mask { (_: [Tensor]) in [true, true] })
        let (updates, _) = typed.update(grads, state: typed.initialize(params), params: params)
        #expect(throws: TensorError.self) { try updates["linear"]!["w"]!.scalars(as: Float.self) }
    }

    /// A state made for other parameters, or weight decay without the
    /// parameters, poisons the updates instead of crashing.
    @Test func misuseGivesPoisonedUpdates() throws {
        let optimizer = adam(learningRate: 0.1)
        let otherState = optimizer.initialize(["linear": ["w": Tensor([[0.0, 0], [0, 0]])]])
        let (updates, _) = optimizer.update(grads, state: otherState)
        do {
            _ = try updates["linear"]!["b"]!.scalars(as: Float.self)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("the optimizer state was initialized for"))
        }

        let weightDecay = adamW(learningRate: 0.1)
        let (withoutParams, _) = weightDecay.update(grads, state: weightDecay.initialize(params))
        #expect(throws: TensorError.self) { try withoutParams["linear"]!["w"]!.scalars(as: Float.self) }

        #expect(throws: TensorError.self) {
            try applyUpdates(params, ["linear": ["w": Tensor([[1.0, 1], [1, 1]])]])["linear"]!["w"]!.scalars(as: Float.self)
        }
    }

    /// A chain's state holds each step's state in order, leaves in that
    /// order too (what checkpoints number `opt/0000`, `opt/0001`, ...);
    /// steps without state add none, and an absent momentum is nil.
    @Test func chainStatesAreInOrder() throws {
        let optimizer = chain(clipByGlobalNorm(1), sgd(learningRate: 0.1, momentum: 0.9),
                              addDecayedWeights(linearSchedule(initValue: 0.1, endValue: 0, transitionSteps: 10)))
        let state = optimizer.initialize(params)
        // The trace's two leaves, then the weight-decay schedule's count (a
        // constant learning rate keeps none).
        #expect(state.leaves.map(\.shape) == [[2], [2, 2], []])
        #expect(state.leaves.map(\.dtype) == [.float32, .float32, .int32])

        let plain = sgd(learningRate: 0.1).initialize(params)
        #expect(plain.states.0 == nil)
        #expect(plain.leaves.isEmpty)
        #expect(rmsProp(learningRate: 0.1, biasCorrection: true).initialize(params).leaves.count == 3)
    }

    /// The step count stops at `Int32.max` instead of overflowing
    /// (`optax.safe_increment`); a state restores from leaves with
    /// `unflatten`, as a checkpoint does.
    @Test func stepCountSaturates() throws {
        let optimizer = scaleBySchedule(linearSchedule(initValue: 1, endValue: 0, transitionSteps: 2))
        let restored = try optimizer.initialize(params).unflatten([Tensor(Int32.max)])
        let (_, next) = optimizer.update(grads, state: restored)
        #expect(try next.count.item(as: Int32.self) == .max)
        let (_, first) = optimizer.update(grads, state: optimizer.initialize(params))
        #expect(try first.count.item(as: Int32.self) == 1)
    }

    /// `globalNorm` is the L2 norm of every element of the tree at once.
    @Test func globalNormOfATree() throws {
        let tree = ["a": Tensor([3.0]), "b": Tensor([[4.0]])]
        #expect(try globalNorm(tree).item(as: Float.self) == 5)
        let (clipped, _) = clipByGlobalNorm(1).update(tree, state: EmptyState())
        #expect(try clipped["a"]!.item(as: Float.self) == 0.6)
        #expect(try clipped["b"]!.item(as: Float.self) == 0.8)
    }

    /// `masked` runs its inner transformation on the selected leaves only,
    /// and its state holds those leaves alone.
    @Test func maskedKeepsStateForSelectedLeaves() throws {
        let optimizer = masked(sgd(learningRate: 1, momentum: 0.5), .parameters { _, name, _ in name == "b" })
        let state = optimizer.initialize(params)
        #expect(state.leaves.map(\.shape) == [[2]])
        let (updates, _) = optimizer.update(grads, state: state)
        #expect(try updates["linear"]!["b"]!.scalars(as: Float.self) == [-0.5, -0.5])
        #expect(try updates["linear"]!["w"]!.scalars(as: Float.self) == [1, 1, 1, 1])
    }

    /// Invalid schedule arguments poison the values where optax raises.
    @Test func invalidSchedulesPoisonTheirValues() {
        let count = Tensor(Int32(1))
        #expect(throws: TensorError.self) { try cosineDecaySchedule(initValue: 1, decaySteps: 0)(count).item(as: Float.self) }
        #expect(throws: TensorError.self) {
            try joinSchedules([0.1, 0.2], boundaries: [])(count).item(as: Float.self)
        }
        #expect(throws: TensorError.self) {
            try piecewiseConstantSchedule(initValue: 1, boundariesAndScales: [2: -1])(count).item(as: Float.self)
        }
    }

    /// Schedules given as numbers are constants: no step count is kept.
    @Test func numbersAreConstantSchedules() throws {
        let rate: Schedule = 1e-3
        #expect(rate.constantValue == 1e-3)
        #expect(constantSchedule(0.5).constantValue == 0.5)
        #expect(linearSchedule(initValue: 1, endValue: 0, transitionSteps: 0).constantValue == 1)
        #expect(adam(learningRate: 1e-3).initialize(params).states.1 == nil)
        #expect(adam(learningRate: linearSchedule(initValue: 1, endValue: 0, transitionSteps: 5))
            .initialize(params).states.1 != nil)
    }
}

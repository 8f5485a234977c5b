import Foundation
import NumericsSupport
import Haiku

/// `Fixtures/optimizers.json`, written by `Scripts/fixtures/optimizers.py`
/// with optax 0.2.8: starting parameters, five gradients, each optimizer's
/// parameters after each step and each schedule's values at counts 0...10.
struct OptimizersFixture: Decodable {
    /// A tree `{"linear": {"b": [3 values], "w": [4 values, row-major]}}`.
    typealias Tree = [String: [String: [Double]]]

    /// One optimizer: the optax expression and the parameters after each step.
    struct OptimizerCase: Decodable {
        let program: String
        let paramsAfter: [Tree]
        enum CodingKeys: String, CodingKey { case program, paramsAfter = "params_after" }
    }

    /// One schedule: the optax expression and its values at counts 0...10.
    struct ScheduleCase: Decodable {
        let program: String
        let values: [Double]
    }

    let params: Tree
    let gradients: [Tree]
    let optimizers: [String: OptimizerCase]
    let schedules: [String: ScheduleCase]

    /// The fixture, decoded once.
    static let shared: OptimizersFixture = decodeFixture("optimizers.json")

    /// The shapes of the fixture's parameters.
    static let shapes = ["b": [3], "w": [2, 2]]

    /// `tree` as Haiku parameters.
    static func params(_ tree: Tree) -> Params {
        Params(tree.mapValues { entries in
            SortedDictionary(uniqueKeysWithValues: entries.map { name, values in
                (name, Tensor(values.map(Float.init), shape: shapes[name]!))
            })
        })
    }

    /// The float32 bit patterns of `tree`'s values, in leaf order.
    static func bits(_ tree: Tree) -> [UInt32] {
        tree.keys.sorted().flatMap { module in
            tree[module]!.keys.sorted().flatMap { tree[module]![$0]!.map { Float($0).bitPattern } }
        }
    }

    /// The float32 bit patterns of `params`' values, in leaf order.
    static func bits(_ params: Params) throws -> [UInt32] {
        try params.leaves.flatMap { try $0.scalars(as: Float.self).map(\.bitPattern) }
    }
}

/// Parameters and optimizer state, the result of a compiled training step.
struct TrainState<State: TensorTree>: TensorTree {
    var params: Params
    var optState: State

    func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> TrainState {
        TrainState(params: try params.mapTensors(transform), optState: try optState.mapTensors(transform))
    }
}

/// Runs `optimizer` from the fixture's parameters over its five gradients,
/// each step compiled as one `jit` (update, then `applyUpdates`), and
/// returns the parameters after each step with the compiled step.
func runFixtureSteps<Optimizer: GradientTransformation>(_ optimizer: Optimizer) throws
    -> (params: [Params], compiledCount: Int) {
    let fixture = OptimizersFixture.shared
    let step = jit { (params: Params, optState: Optimizer.State, grads: Params) in
        let (updates, next) = optimizer.update(grads, state: optState, params: params)
        return TrainState(params: applyUpdates(params, updates), optState: next)
    }
    var state = TrainState(params: OptimizersFixture.params(fixture.params), optState: optimizer.initialize(
        OptimizersFixture.params(fixture.params)))
    var after: [Params] = []
    for gradient in fixture.gradients {
        state = try step(state.params, state.optState, OptimizersFixture.params(gradient))
        after.append(state.params)
    }
    return (after, step.compiledCount)
}

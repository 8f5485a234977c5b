@testable import Haiku
import Testing

/// `tabulate` and `evalSummary` on the MLP of Haiku's visualization guide
/// ("Visualization" in its documentation). Every column but Config equals dm-haiku 0.0.17's table (with
/// tabulate 0.10.0) character for character; Config shows the Swift
/// configuration (`MLP(outputSizes: [300, 100, 10])`).
@Suite struct SummaryTests {
    let f = transform { (x: Tensor) in MLP([300, 100, 10])(x) }

    @Test func tabulateMLP() throws {
        let table = try tabulate(f, Tensor.ones([8, 784]))
        let expected = """
        +-------------------------+-------------------------------------------+-----------------+------------+------------+---------------+---------------+
        | Module                  | Config                                    | Module params   | Input      | Output     |   Param count |   Param bytes |
        +=========================+===========================================+=================+============+============+===============+===============+
        | mlp (MLP)               | MLP(outputSizes: [300, 100, 10])          |                 | f32[8,784] | f32[8,10]  |       266,610 |       1.07 MB |
        +-------------------------+-------------------------------------------+-----------------+------------+------------+---------------+---------------+
        | mlp/~/linear_0 (Linear) | Linear(outputSize: 300, name: "linear_0") | w: f32[784,300] | f32[8,784] | f32[8,300] |       235,500 |     942.00 KB |
        |  └ mlp (MLP)            |                                           | b: f32[300]     |            |            |               |               |
        +-------------------------+-------------------------------------------+-----------------+------------+------------+---------------+---------------+
        | mlp/~/linear_1 (Linear) | Linear(outputSize: 100, name: "linear_1") | w: f32[300,100] | f32[8,300] | f32[8,100] |        30,100 |     120.40 KB |
        |  └ mlp (MLP)            |                                           | b: f32[100]     |            |            |               |               |
        +-------------------------+-------------------------------------------+-----------------+------------+------------+---------------+---------------+
        | mlp/~/linear_2 (Linear) | Linear(outputSize: 10, name: "linear_2")  | w: f32[100,10]  | f32[8,100] | f32[8,10]  |         1,010 |       4.04 KB |
        |  └ mlp (MLP)            |                                           | b: f32[10]      |            |            |               |               |
        +-------------------------+-------------------------------------------+-----------------+------------+------------+---------------+---------------+
        """
        #expect(table == expected)
    }

    @Test func evalSummaryOrderAndShapes() throws {
        let calls = try evalSummary(f, Tensor.ones([8, 784]))
        #expect(calls.map(\.module.moduleName) == ["mlp", "mlp/~/linear_0", "mlp/~/linear_1", "mlp/~/linear_2"])
        #expect(calls.map { $0.output?.map(\.description) ?? [] } == [["f32[8,10]"], ["f32[8,300]"], ["f32[8,100]"], ["f32[8,10]"]])
        #expect(calls[1].callStack.map(\.module.moduleName) == ["mlp/~/linear_0", "mlp"])
    }

    /// A core's call returns a tuple `(output, state)`: its Output column
    /// lists the output and the state's leaves (Haiku prints
    /// `(f32[2,3], LSTMState(hidden=f32[2,3], cell=f32[2,3]))`).
    @Test func tupleOutputsAreListed() throws {
        let f = transform { (x: Tensor) -> Tensor in
            let core = LSTM(3)
            return core(x, core.initialState(batchSize: 2)).0
        }
        let calls = try evalSummary(f, Tensor.ones([2, 4])).filter { $0.methodName == "__call__" }
        #expect(calls.map(\.module.moduleName) == ["lstm", "lstm/linear"])
        #expect(calls[0].output?.map(\.description) == ["f32[2,3]", "f32[2,3]", "f32[2,3]"])
    }

    /// Haiku 0.0.17 summarizes under `jax.disable_jit()`, so `hk.dynamic_unroll`
    /// of an `hk.LSTM(3)` over 5 steps lists 5 `lstm` and 5 `lstm/linear`
    /// calls (checked with `hk.experimental.eval_summary` on that function);
    /// the loop runs step by step here too.
    @Test func unrolledCoreShowsOneCallPerStep() throws {
        let f = transform { (x: Tensor) -> Tensor in
            let core = LSTM(3)
            return dynamicUnroll(core, x, core.initialState(batchSize: 2)).outputs
        }
        let calls = try evalSummary(f, Tensor.ones([5, 2, 4]))
        #expect(calls.filter { $0.module.moduleName == "lstm" }.count == 5)
        #expect(calls.filter { $0.module.moduleName == "lstm/linear" }.count == 5)
        #expect(calls[0].arguments.map(\.description) == ["f32[2,4]", "f32[2,3]", "f32[2,3]"])
    }

    /// A function with state: `BatchNorm` and its two moving averages, as
    /// Haiku 0.0.17's table of `hk.transform_with_state(lambda x:
    /// hk.BatchNorm(True, True, 0.9)(x, True))` lists them (names, call
    /// stacks, parameters, shapes and counts; the state is not counted).
    /// Haiku's Input column also prints the `True`; ours shows tensors only.
    @Test func tabulateStatefulBatchNorm() throws {
        let f = transformWithState { (x: Tensor) in
            BatchNorm(createScale: true, createOffset: true, decayRate: 0.9)(x, isTraining: true)
        }
        let calls = try evalSummary(f, Tensor.ones([8, 16]))
        #expect(calls.map(\.module.moduleName) == ["batch_norm", "batch_norm/~/mean_ema", "batch_norm/~/var_ema"])
        #expect(calls.map { $0.callStack.map(\.module.moduleName) }
                == [["batch_norm"], ["batch_norm/~/mean_ema", "batch_norm"], ["batch_norm/~/var_ema", "batch_norm"]])
        let expected = """
        +--------------------------------------------------+------------------------------------------------------------------+-------------------+-----------+-----------+---------------+---------------+
        | Module                                           | Config                                                           | Module params     | Input     | Output    |   Param count |   Param bytes |
        +==================================================+==================================================================+===================+===========+===========+===============+===============+
        | batch_norm (BatchNorm)                           | BatchNorm(createScale: true, createOffset: true, decayRate: 0.9) | offset: f32[1,16] | f32[8,16] | f32[8,16] |            32 |      128.00 B |
        |                                                  |                                                                  | scale: f32[1,16]  |           |           |               |               |
        +--------------------------------------------------+------------------------------------------------------------------+-------------------+-----------+-----------+---------------+---------------+
        | batch_norm/~/mean_ema (ExponentialMovingAverage) | ExponentialMovingAverage(decay: 0.9, name: "mean_ema")           |                   | f32[1,16] | f32[1,16] |             0 |        0.00 B |
        |  └ batch_norm (BatchNorm)                        |                                                                  |                   |           |           |               |               |
        +--------------------------------------------------+------------------------------------------------------------------+-------------------+-----------+-----------+---------------+---------------+
        | batch_norm/~/var_ema (ExponentialMovingAverage)  | ExponentialMovingAverage(decay: 0.9, name: "var_ema")            |                   | f32[1,16] | f32[1,16] |             0 |        0.00 B |
        |  └ batch_norm (BatchNorm)                        |                                                                  |                   |           |           |               |               |
        +--------------------------------------------------+------------------------------------------------------------------+-------------------+-----------+-----------+---------------+---------------+
        """
        #expect(try tabulate(f, Tensor.ones([8, 16])) == expected)
    }

    @Test func byteAndCountFormats() {
        #expect(formatBytes(40) == "40.00 B")
        #expect(formatBytes(942_000) == "942.00 KB")
        #expect(formatBytes(1_066_440) == "1.07 MB")
    }
}

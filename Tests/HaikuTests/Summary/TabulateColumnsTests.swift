@testable import Haiku
import Testing

/// `tabulate` with `columns` and `filters`, of a plain function too, and
/// `evalSummary`'s calls, against Haiku's on the guide's MLP, a `BatchNorm`
/// and a `Flatten` (`Fixtures/visualization.json`). The tables leave out
/// Config, which shows each language's own configuration text.
@Suite struct TabulateColumnsTests {
    let fixture: VisualizationFixture
    let mlp = transform { (x: Tensor) in MLP([300, 100, 10])(x) }

    init() throws {
        fixture = try VisualizationFixture.load()
    }

    @Test func tablesWithColumnsAndFiltersMatchHaiku() throws {
        #expect(fixture.tabulate.count == 5)
        for entry in fixture.tabulate {
            let columns = entry.columns.compactMap(TabulateColumn.init(rawValue:))
            let filters = entry.filters.compactMap(TabulateFilter.init(rawValue:))
            #expect(columns.count == entry.columns.count && filters.count == entry.filters.count)
            let table: String
            switch entry.function {
            case "batch_norm":
                let f = transformWithState { (x: Tensor) in
                    BatchNorm(createScale: true, createOffset: true, decayRate: 0.9)(x, isTraining: true)
                }
                table = try tabulate(f, Tensor.ones([8, 16]), columns: columns, filters: filters)
            case "flatten":
                table = try tabulate(transformWithState { (x: Tensor) in Flatten()(x) }, Tensor.ones([8, 16]),
                                     columns: columns, filters: filters)
            default:
                table = try tabulate(mlp, Tensor.ones([8, 784]), columns: columns, filters: filters)
            }
            #expect(table == entry.table, "columns \(entry.columns), filters \(entry.filters)")
        }
    }

    /// A function that is not transformed is transformed with state first,
    /// as Haiku's `tabulate` and `eval_summary` do.
    @Test func aPlainFunctionIsTransformedFirst() throws {
        let x = Tensor.ones([8, 784])
        let plain = { (x: Tensor) in MLP([300, 100, 10])(x) }
        #expect(try tabulate(plain, x) == (try tabulate(mlp, x)))
        #expect(try evalSummary(plain, x).map(\.module.moduleName) == ["mlp", "mlp/~/linear_0", "mlp/~/linear_1", "mlp/~/linear_2"])
    }

    /// Without filters a call returning nothing is listed, its output `None`
    /// as Haiku prints it.
    @Test func noFiltersListsCallsWithoutOutput() throws {
        let f = transformWithState { (x: Tensor) -> Tensor in
            Recorder()(x)
            return x
        }
        #expect(try tabulate(f, Tensor.ones([2])) == "No modules matching filters.")
        let table = try tabulate(f, Tensor.ones([2]), columns: [.module, .output], filters: [])
        #expect(table.contains("| recorder (Recorder) | None     |"))
    }

    @Test func noColumnsIsAnError() {
        #expect(throws: HaikuError.self) { try tabulate(mlp, Tensor.ones([8, 784]), columns: []) }
    }

    /// Every call's module, method, parameters, argument and output specs
    /// and call stack (with each entry's parameters) equal Haiku's.
    @Test func evalSummaryMatchesHaiku() throws {
        let calls = try evalSummary(mlp, Tensor.ones([8, 784]))
        #expect(calls.count == fixture.summary.count)
        for (call, expected) in zip(calls, fixture.summary) {
            #expect(call.module.moduleName == expected.module)
            #expect(call.methodName == expected.method)
            #expect(Dictionary(uniqueKeysWithValues: call.params.map { ($0.key, $0.value.description) }) == expected.params)
            #expect(call.arguments.map(\.description) == expected.arguments)
            #expect(call.output?.map(\.description).joined(separator: ", ") == expected.output)
            #expect(call.callStack.map { [$0.module.moduleName, $0.methodName] } == expected.callStack)
            #expect(call.callStack.map { Array($0.params.keys) } == expected.callStackParams)
        }
        #expect(calls[1].description.hasPrefix(#"MethodInvocation(moduleDetails: ModuleDetails(module: Linear(outputSize: 300, name: "linear_0"), methodName: "__call__""#))
        #expect(calls[1].description.contains(#"callStack: [ModuleDetails(module: Linear(outputSize: 300, name: "linear_0")"#))
    }

    @Test func arraySpecFromShapeAndDtype() {
        let spec = ArraySpec(shape: [8, 784], dtype: .float32)
        #expect(spec == ArraySpec(Tensor.ones([8, 784])))
        #expect(spec.size == 6272 && spec.description == "f32[8,784]")
    }

    /// A module whose call returns nothing (it sets state).
    final class Recorder: Module {
        init() { super.init(name: "recorder") }

        func callAsFunction(_ x: Tensor) {
            method(x) { x in setState("last", x) }
        }
    }
}

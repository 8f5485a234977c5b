// The visualization examples of Docs/Visualization.md, compiled with the package.
import Haiku

/// The module table with chosen columns and filters, the calls behind it,
/// and the DOT graph of an MLP's `apply`.
func visualizationExample() throws {
    let f = transform { (x: Tensor) in MLP([300, 100, 10])(x) }
    let x = Tensor.ones([8, 784])
    print(try tabulate(f, x, columns: [.module, .ownedParams, .paramsSize], filters: [.hasParams]))
    for call in try evalSummary(f, x) {
        print(call.module.moduleName, call.arguments, "->", call.output ?? [])
    }

    let params = try f.initialize(rng: PRNGKey(42), x)
    let dot = try toDot({ (params: Params, x: Tensor) in try f.apply(params, x) }, params, x, name: "apply_fn")
    let lines = dot.split(separator: "\n")
    print("DOT lines:", lines.count, "clusters:", lines.filter { $0.hasPrefix("subgraph cluster_") }.count)

    // Abstract inputs: shapes and dtypes only.
    let spec = Tensor(ShapeDtype(shape: [1], dtype: .float32))
    print(try abstractToDot({ (a: Tensor) in a + (sin(a) + cos(sin(a))) }, spec, name: "f").hasPrefix("digraph G {"))

    // A test helper: init with key 42, apply with key 43.
    print(try transformAndRun { Bias()(Tensor.ones([1, 1])) })
}

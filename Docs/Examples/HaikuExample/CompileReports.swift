// The compile report example of Docs/Compiling.md, compiled with the package.
import Haiku

/// Prints why each compile of a `jit` function happened: its first call,
/// then a call with a longer batch (a new shape); the repeated call is
/// served from the function's cache and makes no report.
func compileReportExample() throws {
    let model = transform { (x: Tensor) in Linear(4)(x) }
    let params = try model.initialize(rng: PRNGKey(0), Tensor.zeros([2, 3]))
    let predict = jit { (params: Params, x: Tensor) in try model.apply(params, x) }
    try CompileReports.observe({ report in print("compiled:", report.cause) }) {
        _ = try predict(params, Tensor.zeros([2, 3]))   // new function
        _ = try predict(params, Tensor.ones([2, 3]))    // the same signature: no compile
        _ = try predict(params, Tensor.zeros([5, 3]))   // new shape: argument 1, leaf 0
    }
}

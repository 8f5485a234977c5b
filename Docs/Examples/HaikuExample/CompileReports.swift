// The compile report example of Docs/Compiling.md, compiled with the package.
import Haiku
import Synchronization

/// Prints why each compile of a `jit` function happened: its first call,
/// then a call with a longer batch (a new shape); the repeated call is
/// served from the function's cache and makes no report.
func compileReportExample() throws {
    let model = transform { (x: Tensor) in Linear(4)(x) }
    let params = try model.initialize(rng: PRNGKey(0), Tensor.zeros([2, 3]))
    let predict = jit { (params: Params, x: Tensor) in try model.apply(params, x) }
    let causes = Mutex<[String]>([])
    try CompileReports.observe({ report in causes.withLock { $0.append(report.cause.description) } }) {
        _ = try predict(params, Tensor.zeros([2, 3]))
        _ = try predict(params, Tensor.ones([2, 3]))
        _ = try predict(params, Tensor.zeros([5, 3]))
    }
    for cause in causes.withLock({ $0 }) { print("compiled:", cause) }
}

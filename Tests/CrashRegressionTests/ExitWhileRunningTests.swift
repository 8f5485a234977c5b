import ProcessSupport
import Testing

/// A program that exits while XLA's threads still run computations it
/// dispatched (results it never waited for) exits normally, with its
/// output: the runtime waits for pending executions at exit
/// (`PendingExecutions`). Before, the plugins' static destructors tore down
/// what those threads used and the process crashed in its exit.
@Suite struct ExitWhileRunningTests {
    @Test(arguments: 1...3)
    func exitingWithComputationsInFlightDoesNotCrash(_ run: Int) throws {
        let result = try BuiltExecutable("hkprobe").run(["exit-while-running"], environment: ["SWIFT_BACKTRACE": "enable=no"])
        #expect(!result.crashed && result.status == 0, "run \(run): status \(result.status): \(result.output)")
        #expect(result.output.contains("dispatched"), "run \(run): \(result.output)")
    }
}

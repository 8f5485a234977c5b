#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import XLARuntime

/// One compile of a `jit` function: which function, why, how long each
/// stage took, and whether the executable came from a cache. Reported to
/// ``CompileReports`` observers, and printed to standard error when
/// `HK_LOG_COMPILES=1`.
public struct CompileReport: Sendable, CustomStringConvertible {
    /// Where `jit` was called (`File.swift:12`), or `a library function`
    /// for a `jit` made inside XLATensor.
    public let function: String
    /// What changed since the function's previous compile.
    public let cause: CompileCause
    /// Running the function on traced values.
    public let traceTime: Duration
    /// The IR passes and the emission of StableHLO text.
    public let loweringTime: Duration
    /// XLA's compile, the disk cache's load, or the memory cache's lookup.
    public let compileTime: Duration
    /// Where the executable came from.
    public let source: CompileOutcome.Source
    /// Whether the StableHLO text lowered from the same traced program
    /// before was reused (from memory or the disk cache): the lowering time
    /// is then that of describing and looking up the program, not of the
    /// passes and the emission.
    public let reusedLowering: Bool

    /// A report.
    public init(function: String, cause: CompileCause, traceTime: Duration, loweringTime: Duration,
                compileTime: Duration, source: CompileOutcome.Source, reusedLowering: Bool = false) {
        self.function = function
        self.cause = cause
        self.traceTime = traceTime
        self.loweringTime = loweringTime
        self.compileTime = compileTime
        self.source = source
        self.reusedLowering = reusedLowering
    }

    /// One line: `compile File.swift:12: new function; trace 1.2 ms,
    /// lowering 0.3 ms, compile 25.0 ms (compiled)`, the lowering marked
    /// `(reused)` when it was.
    public var description: String {
        func milliseconds(_ duration: Duration) -> String {
            let tenths = Int((duration.seconds * 1e4).rounded())
            return "\(tenths / 10).\(tenths % 10) ms"
        }
        return "compile \(function): \(cause); trace \(milliseconds(traceTime)), lowering \(milliseconds(loweringTime))"
            + (reusedLowering ? " (reused)" : "") + ", compile \(milliseconds(compileTime)) (\(source.rawValue))"
    }
}

/// Where compile reports go: observers installed for the duration of a
/// body (``observe(_:during:)``, task-local, so concurrent tasks keep theirs
/// apart), and standard error when the environment sets `HK_LOG_COMPILES=1`.
///
/// ```swift
/// let reports = Mutex<[CompileReport]>([])
/// try CompileReports.observe({ report in reports.withLock { $0.append(report) } }) {
///     _ = try f(x)
/// }
/// ```
public enum CompileReports {
    @TaskLocal private static var observer: (@Sendable (CompileReport) -> Void)?

    /// Whether `HK_LOG_COMPILES=1` is set: every compile is printed to standard error.
    public static let logsToStandardError = Environment.value("HK_LOG_COMPILES") == "1"

    /// Runs `body`, giving `observer` a report of every `jit` compile it
    /// makes on this task (and the tasks it starts), besides any observer
    /// installed around it.
    public static func observe<Result>(_ observer: @escaping @Sendable (CompileReport) -> Void,
                                       during body: () throws -> Result) rethrows -> Result {
        let outer = Self.observer
        return try $observer.withValue({ report in
            outer?(report)
            observer(report)
        }, operation: body)
    }

    /// Gives a report to the observers and, with `HK_LOG_COMPILES=1`, to standard error.
    static func publish(_ report: CompileReport) {
        observer?(report)
        if logsToStandardError {
            let line = Array("\(report)\n".utf8)
            _ = line.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
        }
    }
}

import XLARuntime

extension ShardedFunction {
    /// Reports a compile (``CompileReports``): the cause compares the
    /// arguments' global types with the previous compile's (each argument
    /// is one tensor, so its leaf is leaf 0).
    func reportCompile(_ types: [TensorType], traceTime: Duration, loweringTime: Duration, outcome: CompileOutcome) {
        let current = types.map(ArgumentSignature.init(tensorOf:))
        let previous = lastCompiledTypes.withLock { last in
            defer { last = types }
            return last?.map(ArgumentSignature.init(tensorOf:))
        }
        CompileReports.publish(CompileReport(
            function: location ?? "a library function", cause: CompileCause(previous: previous, current: current),
            traceTime: traceTime, loweringTime: loweringTime, compileTime: outcome.duration, source: outcome.source))
    }
}
